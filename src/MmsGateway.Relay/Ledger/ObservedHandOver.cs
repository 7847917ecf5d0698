namespace MmsGateway.Relay.Ledger;

/// <summary>A queued message reached its next hop (250), or bounced (<paramref name="Bounce"/> says why).</summary>
public sealed record ObservedHandOver(DateTimeOffset At, string QueueId, string? Bounce = null) : LedgerObservation(At);
