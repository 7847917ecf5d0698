using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Ledger;

/// <summary>An MM4 message answered 250.</summary>
public sealed record ObservedMessage(DateTimeOffset At, string QueueId, Mm4Message Message, TrafficParties Parties, long Size,
    TimeSpan ResponseTimeout, IReadOnlyList<LintFinding> Findings) : LedgerObservation(At)
{
    /// <summary>MAIL FROM, for the sender's number when the headers name none.</summary>
    public string? EnvelopeSender { get; init; }

    /// <summary>The first RCPT TO, for the recipient's number when the headers name none.</summary>
    public string? EnvelopeRecipient { get; init; }
}
