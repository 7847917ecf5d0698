namespace MmsGateway.Relay.Queue;

/// <summary>All queued recipients for one domain, in arrival order, with a count per state.
/// Only <see cref="QueueIndex"/> touches it, under its lock.</summary>
internal sealed class Destination(string domain)
{
    public string Domain { get; } = domain;

    public readonly int[] Counts = new int[RecipientStates.QueuedCount];

    public QueuedRecipient? Head;
    public QueuedRecipient? Tail;

    // Recipients that became due, in the order they did. Entries go stale when a recipient changes
    // state again before it is claimed; the claim skips those, so no removal is ever needed.
    public readonly Queue<QueuedRecipient> Due = new();

    public string? LastError;
    public long NextRetryMs;

    public int Total => Counts[0] + Counts[1] + Counts[2];

    public DestinationCounts ToCounts() => new(Domain, Counts[0], Counts[1], Counts[2],
        Head is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(Head.Message.ReceivedAtMs),
        LastError, Counts[1] > 0 && NextRetryMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(NextRetryMs) : null);

    public void Append(QueuedRecipient r)
    {
        r.Prev = Tail;
        r.Next = null;
        if (Tail is null) Head = r; else Tail.Next = r;
        Tail = r;
    }

    public void Unlink(QueuedRecipient r)
    {
        if (r.Prev is null) Head = r.Next; else r.Prev.Next = r.Next;
        if (r.Next is null) Tail = r.Prev; else r.Next.Prev = r.Prev;
        r.Prev = r.Next = null;
    }

    public IEnumerable<QueuedRecipient> InArrivalOrder()
    {
        for (var r = Head; r is not null; r = r.Next) yield return r;
    }
}
