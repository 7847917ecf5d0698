namespace MmsGateway.Relay.MailLog;

/// <summary>What the console's delivery log asks the mail log. Every part is optional; all must match.</summary>
/// <param name="Text">A substring of the line, case-insensitive: an MSISDN, a queue id, an address, a relay.</param>
/// <param name="MessageId">A Message-ID: its from= line and every line of the same queue id.</param>
/// <param name="Domains">Recipient domains (an operator's): to= lines to one of them.</param>
/// <param name="Outcomes">"Accepted", "Sent", "Deferred", "Bounced"; empty: all.</param>
/// <param name="PlmnOnly">The seed's grep 'to=&lt;.*PLMN.*'.</param>
public sealed record MailLogQuery(
    string? Text = null,
    string? MessageId = null,
    IReadOnlySet<string>? Domains = null,
    IReadOnlySet<string>? Outcomes = null,
    bool PlmnOnly = false,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null)
{
    /// <summary>Whether a line matches everything but <see cref="MessageId"/> (which needs the from= line's queue id first).</summary>
    public bool Matches(MailLogEntry e, string line)
    {
        if (From is { } lo && e.At < lo) return false;
        if (To is { } hi && e.At > hi) return false;
        if (Outcomes is { Count: > 0 } outcomes && !outcomes.Contains(e.Outcome)) return false;
        if (PlmnOnly && !(e.Kind == MailLogKind.Attempt && e.Address.Contains("/TYPE=PLMN", StringComparison.OrdinalIgnoreCase))) return false;
        if (Domains is { } domains && !(e.Kind == MailLogKind.Attempt && domains.Contains(e.Domain))) return false;
        if (!string.IsNullOrWhiteSpace(Text) && !line.Contains(Text.Trim(), StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }
}
