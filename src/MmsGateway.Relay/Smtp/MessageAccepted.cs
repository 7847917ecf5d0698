namespace MmsGateway.Relay.Smtp;

/// <summary>A message answered 250: the facts of sendmail's "from=" log line, for the mail log.</summary>
/// <param name="MessageId">The Message-ID header's value as written, or null when it has none.</param>
public sealed record MessageAccepted(DateTimeOffset At, string QueueId, string Sender, long Size, int Recipients, string Peer,
    string Tls, string? MessageId);
