namespace MmsGateway.Relay.Queue;

public enum QueueChangeKind { Queued, Held, Released, Deleted, Bounced, Flushed, Recovered }

/// <summary>Something happened to the queue. One event per accepted message; one per bulk operation
/// (with its count), so holding 200,000 messages is one event, not 200,000.</summary>
public sealed record QueueChange(QueueChangeKind Kind, DateTimeOffset At, int Count, string? QueueId = null,
    IReadOnlyList<string>? Destinations = null, string? Selection = null);
