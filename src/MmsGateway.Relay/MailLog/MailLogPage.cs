namespace MmsGateway.Relay.MailLog;

/// <summary>Matching lines, newest first. <paramref name="Next"/> continues with older lines (null: the
/// oldest file was reached); <paramref name="SearchedTo"/> is how far back this page looked, when a scan
/// stopped at its byte budget before filling the page.</summary>
public sealed record MailLogPage(IReadOnlyList<MailLogEntry> Entries, string? Next, DateTimeOffset? SearchedTo, long ScannedBytes);
