using Microsoft.Win32.SafeHandles;

namespace MmsGateway.Relay.Spool;

/// <summary>Read-only view of one message's bytes inside a segment (positional reads; no shared file position).</summary>
internal sealed class SpoolBodyStream(SafeFileHandle handle, long offset, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset1, int count) => Read(buffer.AsSpan(offset1, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        if (n <= 0) return 0;
        var read = RandomAccess.Read(handle, buffer[..n], offset + _position);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        if (n <= 0) return 0;
        var read = await RandomAccess.ReadAsync(handle, buffer[..n], offset + _position, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset1, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset1, count), cancellationToken).AsTask();

    public override long Seek(long offset1, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset1,
        SeekOrigin.Current => _position + offset1,
        _ => length + offset1,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset1, int count) => throw new NotSupportedException();
}
