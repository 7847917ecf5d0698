namespace MmsGateway.Relay.Queue;

/// <summary>Hands out increasing queue ids; seeded after recovery with the highest id seen, so a clock stepping
/// back never reuses an id. Each gateway of a site has its own node number in the id (issue 15), so two nodes
/// never mint the same id and a console merging their queues can tell which node holds a message.</summary>
public sealed class QueueIdGenerator(TimeProvider clock)
{
    public const int MaxNodes = 1 << QueueId.NodeBits;
    private const ulong CounterMask = (1UL << QueueId.CounterBits) - 1;
    private ulong _last;   // milliseconds << CounterBits | counter: the node's own sequence
    private int _node;

    /// <summary>This gateway's number in its site (0 on an embedded registry). Set before the first id.</summary>
    public int Node
    {
        get => Volatile.Read(ref _node);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, MaxNodes);
            Volatile.Write(ref _node, value);
        }
    }

    /// <summary>An id found in the spool: the next id is later. Whichever node minted it (an old spool, a number
    /// changed), the next id is in a later millisecond, so that no counter of any node can meet it.</summary>
    public void Observe(QueueId seen)
    {
        var floor = (seen.Milliseconds << QueueId.CounterBits) | CounterMask;
        ulong current;
        do { current = Volatile.Read(ref _last); }
        while (floor > current && Interlocked.CompareExchange(ref _last, floor, current) != current);
    }

    public QueueId Next()
    {
        var floor = QueueId.MillisecondsAt(clock.GetUtcNow()) << QueueId.CounterBits;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            // A counter that runs over (1,024 ids in one millisecond) borrows the next millisecond.
            var next = Math.Max(last + 1, floor);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
                return QueueId.Compose(next >> QueueId.CounterBits, Node, next & CounterMask);
        }
    }
}
