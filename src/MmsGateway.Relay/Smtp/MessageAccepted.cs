using MmsGateway.Relay.Mail;

namespace MmsGateway.Relay.Smtp;

/// <summary>A message answered 250: the facts of sendmail's "from=" log line, for the mail log, and its
/// header block and envelope recipients, for the MM4 ledger (read off the accept path).</summary>
/// <param name="MessageId">The Message-ID header's value as written, or null when it has none.</param>
public sealed record MessageAccepted(DateTimeOffset At, string QueueId, string Sender, long Size, int Recipients, string Peer,
    string Tls, string? MessageId)
{
    /// <summary>The header block as received (our Received: first).</summary>
    public SpooledHeaders? Headers { get; init; }

    /// <summary>The envelope recipients, as written.</summary>
    public IReadOnlyList<string> To { get; init; } = [];
}
