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
    DateTimeOffset? To = null);
