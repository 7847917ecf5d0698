namespace MmsGateway.Relay.Smtp;

/// <summary>What MAIL and RCPT have said so far; RSET, HELO/EHLO and the end of DATA clear it.</summary>
internal sealed class SmtpTransaction
{
    public SmtpAddress? Sender;
    public readonly List<SmtpAddress> Recipients = [];
    public int RefusedRecipients;

    public bool Started => Sender is not null;

    public void Clear()
    {
        Sender = null;
        Recipients.Clear();
        RefusedRecipients = 0;
    }
}
