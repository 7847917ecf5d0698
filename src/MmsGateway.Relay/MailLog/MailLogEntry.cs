namespace MmsGateway.Relay.MailLog;

/// <summary>One mail log line, parsed.</summary>
/// <param name="Address">The sender (from=) or the recipient (to=), without the angle brackets.</param>
/// <param name="Outcome">"Sent", "Deferred", "Bounced" for an attempt; "Accepted" for a from= line.</param>
/// <param name="Text">The line after the syslog prefix: "QID: to=&lt;...&gt;, delay=..., stat=...".</param>
public sealed record MailLogEntry(DateTimeOffset At, string QueueId, MailLogKind Kind, string Address, string Outcome, string Text)
{
    /// <summary>The recipient's or sender's domain, lower case ("" when the address has none).</summary>
    public string Domain
    {
        get
        {
            var at = Address.LastIndexOf('@');
            return at < 0 ? "" : Address[(at + 1)..].ToLowerInvariant();
        }
    }

    /// <summary>A field of the line ("relay", "dsn", "msgid", "stat"), or null.</summary>
    public string? Field(string name) => MailLogLine.Field(Text, name);
}
