namespace MmsGateway.Relay.Queue;

/// <summary>Hands out increasing queue ids; seeded after recovery with the highest id seen,
/// so a clock stepping back never reuses an id.</summary>
public sealed class QueueIdGenerator(TimeProvider clock)
{
    private ulong _last;

    public void Observe(QueueId seen)
    {
        ulong current;
        do { current = Volatile.Read(ref _last); }
        while (seen.Value > current && Interlocked.CompareExchange(ref _last, seen.Value, current) != current);
    }

    public QueueId Next()
    {
        var floor = QueueId.FloorFor(clock.GetUtcNow());
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(last + 1, floor);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return new QueueId(next);
        }
    }
}
