using System.Diagnostics;
using System.IO.Hashing;
using Microsoft.Extensions.Logging;

namespace MmsGateway.Relay.Spool;

/// <summary>Durable message storage: append-only segments written by one writer with group commit.
/// Exposure: none to the network; sessions hand it complete messages.
/// Durability: a commit's task completes only after the fsync that covers its record; this is
/// the only code that says "250 may be sent" (docs/queue-format.md).</summary>
public sealed class MessageSpool : IAsyncDisposable
{
    private readonly string _directory;
    private readonly SpoolOptions _options;
    private readonly FileStream _lockFile;
    private readonly SpoolSegments _segments;
    private readonly SpoolWriter _writer;
    private int _disposed;

    private MessageSpool(string directory, SpoolOptions options, ILogger log, FileStream lockFile, SpoolRecovery.Result recovered)
    {
        _directory = directory;
        _options = options;
        _lockFile = lockFile;
        _segments = new SpoolSegments(directory, recovered.Segments, log);
        Recovered = recovered.Messages;
        _writer = new SpoolWriter(_segments, options.SegmentSize, log);
        _writer.Start();
        _segments.DeleteDead();
    }

    /// <summary>Every message found when the spool was opened, with its last durable state. Each counts as
    /// live until <see cref="Release"/>: the reader releases the ones whose recipients are all final.</summary>
    public IReadOnlyList<RecoveredMessage> Recovered { get; private set; }

    public string Directory => _directory;

    public int SegmentCount => _segments.Count;

    /// <summary>Opens (and recovers) the spool. A second gateway on the same directory is refused:
    /// two writers would interleave records.</summary>
    public static MessageSpool Open(string directory, SpoolOptions options, ILogger log)
    {
        System.IO.Directory.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"spool {directory} is in use by another gateway process", e);
        }
        var clock = Stopwatch.StartNew();
        var recovered = SpoolRecovery.Run(directory, log);
        SpoolLog.Recovered(log, directory, recovered.Messages.Count, recovered.Records, recovered.Segments.Count, clock.ElapsedMilliseconds);
        return new MessageSpool(directory, options, log, lockFile, recovered);
    }

    /// <summary>Drops the recovered list once the index holds it.</summary>
    public void ForgetRecovered() => Recovered = [];

    /// <summary>Writes a new message; completes once it is on disk, with where its bytes are.</summary>
    public Task<SpoolLocation> CommitMessageAsync(SpoolEnvelope message, MessageBuffer body)
    {
        var crc = new Crc32();
        foreach (var s in body.Segments()) crc.Append(s.Span);
        var frame = SpoolRecordCodec.Frame(SpoolRecordKind.Message, SpoolRecordCodec.EncodeMessage(message), body.Length, crc.GetCurrentHashAsUInt32());
        return Enqueue(new SpoolWriteRequest([frame], body));
    }

    /// <summary>Writes the current recipient states of some messages. Call it while holding the index's
    /// lock, so records reach the disk in the order the changes were made.</summary>
    public Task CommitStatesAsync(IEnumerable<SpoolStates> messages)
    {
        var frames = messages.Select(m => SpoolRecordCodec.Frame(SpoolRecordKind.State, SpoolRecordCodec.EncodeState(m), 0, 0)).ToList();
        return frames.Count == 0 ? Task.CompletedTask : Enqueue(new SpoolWriteRequest(frames, null));
    }

    /// <summary>fsyncs of segment files since the spool was opened.</summary>
    public long Syncs => _writer.Syncs;

    private Task<SpoolLocation> Enqueue(SpoolWriteRequest request) =>
        _writer.TryEnqueue(request) ? request.Done.Task : Task.FromException<SpoolLocation>(new SpoolUnavailableException("spool is closed"));

    /// <summary>A message left the queue and its final state is durable: its space may be reclaimed.</summary>
    public void Release(SpoolLocation body) => _segments.RemoveLive(body.Segment);

    /// <summary>The message bytes exactly as spooled (our Received: header, then what the client sent).</summary>
    public Stream OpenBody(SpoolLocation location)
    {
        var segment = _segments.Find(location.Segment) ?? throw new FileNotFoundException($"spool segment {location.Segment} is gone");
        return new SpoolBodyStream(segment.ReadHandle(), location.Offset, location.Length);
    }

    private long _freeSpaceCheckedAt = long.MinValue;
    private bool _hasFreeSpace = true;

    /// <summary>Open for commits: not yet closed by shutdown.</summary>
    public bool IsOpen => Volatile.Read(ref _disposed) == 0;

    /// <summary>Whether the spool's disk has at least MinFreeBytes; asked at every MAIL, checked at most once a second.</summary>
    public bool HasFreeSpace()
    {
        if (_options.MinFreeBytes == 0) return true;
        var now = Environment.TickCount64;
        if (now - Volatile.Read(ref _freeSpaceCheckedAt) < 1000) return _hasFreeSpace;
        try { _hasFreeSpace = new DriveInfo(_directory).AvailableFreeSpace >= _options.MinFreeBytes; }
        catch (IOException) { _hasFreeSpace = true; }   // unknown filesystem: let the commit be the judge
        Volatile.Write(ref _freeSpaceCheckedAt, now);
        return _hasFreeSpace;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _writer.Close();
        await _writer.Stopped.ConfigureAwait(false);
        _writer.Dispose();
        _segments.Dispose();
        await _lockFile.DisposeAsync().ConfigureAwait(false);
    }
}
