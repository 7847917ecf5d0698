using System.Text;

namespace MmsGateway.Relay.Capture;

/// <summary>One session's dialogue, line by line with a timestamp and "C:" (client) or "S:" (server),
/// as sendmail -X writes it. Stops writing when its capture ends or the size cap is reached.</summary>
internal sealed class TranscriptWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly Func<bool> _active;
    private readonly TimeProvider _clock;
    private readonly long _maxBytes;
    private readonly MemoryStream _client = new(), _server = new();
    private readonly Lock _gate = new();
    private bool _closed;

    public TranscriptWriter(string path, string header, Func<bool> active, TimeProvider clock, long maxBytes)
    {
        // 0600: a transcript holds message contents (issue 13), whatever the process's umask.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 4096 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        _file = new FileStream(path, options);
        _active = active;
        _clock = clock;
        _maxBytes = maxBytes;
        Write($"# {header}\n");
    }

    public void Client(ReadOnlySpan<byte> bytes) => Append(_client, "C", bytes);

    public void Server(ReadOnlySpan<byte> bytes) => Append(_server, "S", bytes);

    /// <summary>A line of our own in the transcript ("# TLS started ..."), not a byte of the dialogue.</summary>
    public void Note(string text)
    {
        lock (_gate)
            if (!_closed) Write($"{_clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} # {text}\n");
    }

    private void Append(MemoryStream pending, string who, ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (_closed) return;
            if (!_active())
            {
                Close("# capture ended\n");
                return;
            }
            foreach (var b in bytes)
            {
                if (b == '\n')
                {
                    var line = pending.ToArray();
                    pending.SetLength(0);
                    var text = Encoding.Latin1.GetString(line.AsSpan().TrimEnd((byte)'\r'));
                    Write($"{_clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {who}: {text}\n");
                    if (_file.Length > _maxBytes) { Close($"# truncated at {_maxBytes} bytes\n"); return; }
                }
                else pending.WriteByte(b);
            }
        }
    }

    private void Write(string text)
    {
        _file.Write(Encoding.Latin1.GetBytes(text));
        _file.Flush();
    }

    private void Close(string why)
    {
        if (_closed) return;
        Write(why);
        _closed = true;
        _file.Dispose();
    }

    public void Dispose()
    {
        lock (_gate) Close("# session ended\n");
    }
}
