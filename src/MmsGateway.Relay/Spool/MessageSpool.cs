using System.Diagnostics;
using System.IO.Hashing;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Spool;

/// <summary>Durable message storage: append-only segments written by one writer with group commit.
/// Exposure: none to the network; sessions hand it complete messages.
/// Durability: a commit's task completes only after the fsync that covers its record; this is
/// the only code that says "250 may be sent" (docs/queue-format.md).</summary>
public sealed class MessageSpool : IAsyncDisposable
{
    private readonly string _directory;
    private readonly SpoolOptions _options;
    private readonly ILogger _log;
    private readonly FileStream _lockFile;
    private readonly Channel<SpoolWriteRequest> _requests =
        Channel.CreateUnbounded<SpoolWriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _segmentsGate = new();
    private readonly List<SpoolSegment> _segments;      // oldest first
    private readonly Dictionary<int, SpoolSegment> _byNumber;
    private SpoolSegment _active = null!;
    private FileStream _activeStream = null!;
    private bool _rotateBeforeNextWrite;
    private readonly Thread _writer;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MessageSpool(string directory, SpoolOptions options, ILogger log, FileStream lockFile, SpoolRecovery.Result recovered)
    {
        _directory = directory;
        _options = options;
        _log = log;
        _lockFile = lockFile;
        _segments = recovered.Segments;
        _byNumber = _segments.ToDictionary(s => s.Number);
        Recovered = recovered.Messages;
        OpenNewSegment();
        DeleteDeadSegments();
        // A thread of its own: the writer blocks in fsync, and on a 2-core machine a blocked pool
        // thread is half the pool the SMTP sessions need.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "spool-writer" };
        _writer.Start();
    }

    /// <summary>Messages still queued when the spool was opened, with their last durable state.</summary>
    public IReadOnlyList<QueuedMessage> Recovered { get; private set; }

    public string Directory => _directory;

    public int SegmentCount { get { lock (_segmentsGate) return _segments.Count; } }

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

    /// <summary>Writes a new message; completes once it is on disk, with <see cref="QueuedMessage.Body"/> set.</summary>
    public Task CommitMessageAsync(QueuedMessage message, MessageBuffer body)
    {
        var crc = new Crc32();
        foreach (var s in body.Segments()) crc.Append(s.Span);
        var frame = SpoolRecordCodec.Frame(SpoolRecordKind.Message, SpoolRecordCodec.EncodeMessage(message), body.Length, crc.GetCurrentHashAsUInt32());
        return Enqueue(new SpoolWriteRequest([frame], body, message));
    }

    /// <summary>Writes the current recipient states of <paramref name="messages"/>. Call it while holding
    /// the index's lock, so records reach the disk in the order the changes were made.</summary>
    public Task CommitStatesAsync(IEnumerable<QueuedMessage> messages)
    {
        var frames = messages.Select(m => SpoolRecordCodec.Frame(SpoolRecordKind.State, SpoolRecordCodec.EncodeState(m), 0, 0)).ToList();
        return frames.Count == 0 ? Task.CompletedTask : Enqueue(new SpoolWriteRequest(frames, null, null));
    }

    private Task Enqueue(SpoolWriteRequest request)
    {
        if (!_requests.Writer.TryWrite(request))
            return Task.FromException(new SpoolUnavailableException("spool is closed"));
        return request.Done.Task;
    }

    /// <summary>A message left the queue and its final state is durable: its space may be reclaimed.</summary>
    public void Release(QueuedMessage message)
    {
        lock (_segmentsGate)
        {
            if (_byNumber.TryGetValue(message.Body.Segment, out var s)) s.LiveBodies--;
        }
        DeleteDeadSegments();
    }

    /// <summary>The message bytes exactly as spooled (our Received: header, then what the client sent).</summary>
    public Stream OpenBody(SpoolLocation location)
    {
        SpoolSegment? segment;
        lock (_segmentsGate) _byNumber.TryGetValue(location.Segment, out segment);
        if (segment is null) throw new FileNotFoundException($"spool segment {location.Segment} is gone");
        return new SpoolBodyStream(segment.ReadHandle(), location.Offset, location.Length);
    }

    private long _freeSpaceCheckedAt = long.MinValue;
    private bool _hasFreeSpace = true;

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

    private void WriteLoop()
    {
        var batch = new List<SpoolWriteRequest>();
        try
        {
            while (_requests.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                while (batch.Count < 4096 && _requests.Reader.TryRead(out var r)) batch.Add(r);
                WriteBatch(batch);
            }
            _writerDone.TrySetResult();
        }
        catch (Exception e)
        {
            _writerDone.TrySetException(e);
            throw;   // a bug in the writer must not be silent: it would leave sessions waiting forever
        }
    }

    private void WriteBatch(List<SpoolWriteRequest> batch)
    {
        var touched = new HashSet<SpoolSegment>();
        try
        {
            foreach (var r in batch)
            {
                if (_rotateBeforeNextWrite || _active.Length >= _options.SegmentSize) Rotate();
                touched.Add(_active);
                foreach (var frame in r.Frames) Append(frame);
                if (r.Body is not null)
                {
                    r.Location = new SpoolLocation(_active.Number, _active.Length, r.Body.Length);
                    foreach (var s in r.Body.Segments()) Append(s.Span);
                }
            }
            // Group commit: one fsync covers every record of the batch.
            _activeStream.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SpoolLog.WriteFailed(_log, e);
            // After a failed write or fsync the file's tail is unknown (Linux may drop dirty pages):
            // start a fresh segment rather than append after it. Nothing in this batch was acknowledged.
            _rotateBeforeNextWrite = true;
            var failure = new SpoolUnavailableException("spool write failed", e);
            foreach (var r in batch) r.Body?.Dispose();
            Complete(batch, failure);
            return;
        }
        foreach (var r in batch)
        {
            if (r.Message is not null)
            {
                r.Message.Body = r.Location;
                lock (_segmentsGate) _byNumber[r.Location.Segment].LiveBodies++;
            }
            r.Body?.Dispose();
        }
        Complete(batch, null);
    }

    // The waiters' continuations (index, reply, next read) must not run on this thread, which
    // would delay the next fsync; nor get a thread-pool wake-up each, which on a small VM costs
    // more than the work itself. One work item runs them all, one after another.
    private static void Complete(List<SpoolWriteRequest> batch, Exception? failure)
    {
        var done = batch.ToArray();
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            var (requests, error) = state;
            foreach (var r in requests)
                if (error is null) r.Done.TrySetResult(); else r.Done.TrySetException(error);
        }, (done, failure), preferLocal: false);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _activeStream.Write(bytes);
        _active.Length += bytes.Length;
    }

    private void Rotate()
    {
        if (!_rotateBeforeNextWrite) _activeStream.Flush(flushToDisk: true);
        _activeStream.Dispose();
        _rotateBeforeNextWrite = false;
        OpenNewSegment();
        DeleteDeadSegments();
    }

    private void OpenNewSegment()
    {
        int number;
        lock (_segmentsGate) number = _segments.Count == 0 ? 1 : _segments[^1].Number + 1;
        var segment = new SpoolSegment(number, Path.Combine(_directory, SpoolSegment.FileName(number)));
        _activeStream = new FileStream(segment.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        DirectorySync.Sync(_directory);
        lock (_segmentsGate)
        {
            _segments.Add(segment);
            _byNumber.Add(number, segment);
            _active = segment;
        }
    }

    private void DeleteDeadSegments()
    {
        var dead = new List<SpoolSegment>();
        lock (_segmentsGate)
        {
            while (_segments.Count > 1 && _segments[0] != _active && _segments[0].LiveBodies <= 0)
            {
                dead.Add(_segments[0]);
                _byNumber.Remove(_segments[0].Number);
                _segments.RemoveAt(0);
            }
        }
        if (dead.Count == 0) return;
        foreach (var s in dead)
        {
            s.Dispose();
            try { File.Delete(s.Path); }
            catch (IOException e) { SpoolLog.DeleteFailed(_log, s.Path, e); }
        }
        // Oldest-first deletion must stay oldest-first after a crash too.
        DirectorySync.Sync(_directory);
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _requests.Writer.TryComplete();
        await _writerDone.Task.ConfigureAwait(false);
        _activeStream.Flush(flushToDisk: true);
        await _activeStream.DisposeAsync().ConfigureAwait(false);
        lock (_segmentsGate)
            foreach (var s in _segments) s.Dispose();
        await _lockFile.DisposeAsync().ConfigureAwait(false);
    }
}
