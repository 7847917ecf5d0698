namespace MmsGateway.Relay.Queue;

/// <summary>Where one recipient of a queued message stands. The first three are "in the queue";
/// the rest are final and take the recipient out of every count.</summary>
public enum RecipientState : byte
{
    Ready = 0,
    Deferred = 1,
    /// <summary>Parked by an operator: never attempted and never expired while held.</summary>
    Held = 2,
    Delivered = 3,
    Bounced = 4,
    Deleted = 5,
}

public static class RecipientStates
{
    public const int QueuedCount = 3;

    public static bool IsFinal(this RecipientState state) => state >= RecipientState.Delivered;
}
