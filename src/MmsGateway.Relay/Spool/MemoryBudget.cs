using System.Buffers;

namespace MmsGateway.Relay.Spool;

/// <summary>Bytes of received messages held in memory, by every session together, until the spool
/// writer has written them (Gateway:Smtp:DataMemoryBudget). Without it 200 sessions each sending a
/// 20 MB message could ask for 4 GB; with it, a session that would go past the budget is refused with a
/// 4xx and the sender keeps its message.</summary>
public sealed class MemoryBudget(long limit)
{
    // Chunks come from a pool of the budget's own size and go back to it, so the memory within the
    // budget is reused rather than left to the garbage collector: with the shared pool, 200 sessions
    // churning through a 256 MiB budget peaked at 640 MiB of RSS.
    private readonly ArrayPool<byte> _chunks = ArrayPool<byte>.Create(MessageBuffer.ChunkSize, (int)Math.Min(limit / MessageBuffer.ChunkSize + 64, 1 << 20));
    private long _used;

    internal byte[] Rent(int size) => _chunks.Rent(size);

    internal void Return(byte[] chunk) => _chunks.Return(chunk);

    public long Limit => limit;

    public long Used => Interlocked.Read(ref _used);

    /// <summary>Takes <paramref name="bytes"/> from the budget, or nothing and false when that would exceed it.</summary>
    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > limit) return false;
            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used) return true;
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);

    /// <summary>At least one more buffer chunk would fit: worth starting a new DATA.</summary>
    public bool HasRoom(long bytes) => Interlocked.Read(ref _used) + bytes <= limit;
}
