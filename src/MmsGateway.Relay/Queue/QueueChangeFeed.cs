namespace MmsGateway.Relay.Queue;

/// <summary>Queue changes: accepted, held, released, deleted, flushed.</summary>
public sealed class QueueChangeFeed : EventFeed<QueueChange>;
