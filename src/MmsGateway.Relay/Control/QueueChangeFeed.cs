namespace MmsGateway.Relay.Control;

/// <summary>Queue changes: accepted, held, released, deleted, flushed.</summary>
public sealed class QueueChangeFeed : EventFeed<QueueChange>;
