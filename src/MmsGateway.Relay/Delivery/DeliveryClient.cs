using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace MmsGateway.Relay.Delivery;

/// <summary>MailKit's SMTP client, told to report each recipient's reply instead of giving up on the
/// first refusal, and to send the spooled bytes as they are.</summary>
internal sealed class DeliveryClient(IProtocolLogger logger) : SmtpClient(logger)
{
    private readonly Dictionary<string, SmtpResponse> _refused = new(StringComparer.Ordinal);
    private long _size;

    /// <summary>Recipients the server refused at RCPT in the last transaction, with its reply.</summary>
    public IReadOnlyDictionary<string, SmtpResponse> Refused => _refused;

    public int MessagesSent { get; private set; }

    public async Task<string> SendSpooledAsync(MimeMessage message, long size, MailboxAddress sender,
        IReadOnlyList<MailboxAddress> recipients, CancellationToken cancellationToken)
    {
        _refused.Clear();
        _size = size;
        var reply = await SendAsync(message, sender, recipients, cancellationToken).ConfigureAwait(false);
        MessagesSent++;
        return reply;
    }

    // RFC 5321 §3.3: each RCPT has its own reply; one refused recipient must not fail the others.
    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        _refused[mailbox.Address] = response;

    // Every recipient refused: MailKit then sends RSET instead of DATA; the refusals say why.
    protected override void OnNoRecipientsAccepted(MimeMessage message) { }

    // The spool knows the exact size; measuring would read the message a second time.
    protected override long GetSize(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) => _size;

    protected override Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(_size);

    // Never re-encode a relayed message for a 7-bit peer (RFC 6152 §3 allows returning it instead; we send as received).
    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength) { }
}
