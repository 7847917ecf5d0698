using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Ledger;

/// <summary>An MM4 message answered 250.</summary>
public sealed record ObservedMessage(DateTimeOffset At, string QueueId, Mm4Message Message, TrafficParties Parties, long Size,
    TimeSpan ResponseTimeout, IReadOnlyList<LintFinding> Findings) : LedgerObservation(At);
