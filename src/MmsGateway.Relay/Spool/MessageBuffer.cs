using System.Buffers;

namespace MmsGateway.Relay.Spool;

/// <summary>A received message held in pooled 64 KiB chunks until the spool writer has written it.
/// Chunks, not one growing array: a 20 MB message never needs a 20 MB contiguous allocation.
/// With a <see cref="MemoryBudget"/>, every chunk is taken from it and given back on dispose; a chunk
/// the budget cannot give is still handed out (so the writer in progress can finish its span) but
/// marks the buffer <see cref="OverBudget"/>, and its owner stops storing.</summary>
public sealed class MessageBuffer(MemoryBudget? budget = null) : IBufferWriter<byte>, IDisposable
{
    public const int ChunkSize = 64 * 1024;
    private readonly List<(byte[] Array, int Used)> _chunks = [];
    private long _reserved;

    public bool OverBudget { get; private set; }

    public long Length { get; private set; }

    public void Advance(int count)
    {
        var (array, used) = _chunks[^1];
        _chunks[^1] = (array, used + count);
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var (array, used) = Current(sizeHint);
        return array.AsMemory(used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var (array, used) = Current(sizeHint);
        return array.AsSpan(used);
    }

    private (byte[] Array, int Used) Current(int sizeHint)
    {
        var need = Math.Max(sizeHint, 1);
        if (_chunks.Count == 0 || _chunks[^1].Array.Length - _chunks[^1].Used < need)
        {
            var chunk = budget is null ? ArrayPool<byte>.Shared.Rent(Math.Max(need, ChunkSize)) : budget.Rent(Math.Max(need, ChunkSize));
            if (budget is not null)
            {
                if (budget.TryReserve(chunk.Length)) _reserved += chunk.Length;
                else OverBudget = true;
            }
            _chunks.Add((chunk, 0));
        }
        return _chunks[^1];
    }

    public IEnumerable<ReadOnlyMemory<byte>> Segments()
    {
        foreach (var (array, used) in _chunks)
            if (used > 0) yield return array.AsMemory(0, used);
    }

    public byte[] ToArray()
    {
        var all = new byte[Length];
        var at = 0;
        foreach (var s in Segments()) { s.Span.CopyTo(all.AsSpan(at)); at += s.Length; }
        return all;
    }

    public void Dispose()
    {
        foreach (var (array, _) in _chunks)
            if (budget is null) ArrayPool<byte>.Shared.Return(array); else budget.Return(array);
        _chunks.Clear();
        Length = 0;
        budget?.Release(_reserved);
        _reserved = 0;
    }
}
