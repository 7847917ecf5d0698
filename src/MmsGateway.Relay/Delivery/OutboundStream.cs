using System.Net.Sockets;

namespace MmsGateway.Relay.Delivery;

/// <summary>The socket under MailKit on a delivery connection: writes are gathered until MailKit flushes
/// (it does before every reply it waits for) or until <see cref="BufferSize"/> bytes are waiting, and every
/// read and write is bounded by the command timeout.</summary>
/// <remarks>
/// MailKit's SMTP stream hands its transport 4 KB at a time, so a 100 KB message left in 25 sends; on loopback
/// each one is a pass through the TCP stack and a wake-up of the reader (docs/performance.md). Gathered, it
/// leaves in two. Given a stream instead of a socket, MailKit sets ReadTimeout and WriteTimeout and relies on
/// the stream to honour them, as its own socket stream does; async socket operations ignore those properties,
/// hence the timer here. A timeout surfaces as <see cref="TimeoutException"/>, which ends the connection.
/// </remarks>
internal sealed class OutboundStream(Socket socket) : Stream
{
    public const int BufferSize = 64 * 1024;

    private readonly NetworkStream _socket = new(socket, ownsSocket: true);
    private readonly byte[] _pending = new byte[BufferSize];
    private int _count;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override bool CanTimeout => true;
    public override int ReadTimeout { get; set; } = Timeout.Infinite;
    public override int WriteTimeout { get; set; } = Timeout.Infinite;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var deadline = Deadline(ReadTimeout, cancellationToken);
        try
        {
            return await _socket.ReadAsync(buffer, deadline?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no reply in {Seconds(ReadTimeout)}");
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, _pending.Length - _count);
            buffer.Span[..n].CopyTo(_pending.AsSpan(_count));
            _count += n;
            buffer = buffer[n..];
            if (_count == _pending.Length) await SendPendingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => SendPendingAsync(cancellationToken);

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        if (_count == 0) return;
        using var deadline = Deadline(WriteTimeout, cancellationToken);
        try
        {
            await _socket.WriteAsync(_pending.AsMemory(0, _count), deadline?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"peer took no data for {Seconds(WriteTimeout)}");
        }
        finally
        {
            // What was handed to a failed send is gone either way: the connection is not used again.
            _count = 0;
        }
    }

    private static string Seconds(int milliseconds) => $"{milliseconds / 1000.0:0.###} s";

    private static CancellationTokenSource? Deadline(int timeout, CancellationToken cancellationToken)
    {
        if (timeout is Timeout.Infinite or <= 0) return null;
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        return source;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // MailKit's synchronous API is not used by the relay; these keep the Stream contract honest.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _socket.Dispose();
        base.Dispose(disposing);
    }
}
