using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace MmsGateway.Relay.Spool;

/// <summary>The one thread that appends to the spool: drains every pending request, writes them with
/// one gathered write, fsyncs once (group commit), then lets the waiters go.
/// Durability: a request's task completes only after the fsync that covers it.</summary>
internal sealed class SpoolWriter : IDisposable
{
    private readonly SpoolSegments _segments;
    private readonly long _segmentSize;
    private readonly ILogger _log;
    private readonly ConcurrentQueue<SpoolWriteRequest> _queue = new();
    // No spinning before sleeping: the writer waits for an fsync-sized interval anyway, and on a
    // small VM each sched_yield is a context switch taken from the SMTP sessions.
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closing;
    private SafeFileHandle _handle;
    private bool _rotateBeforeNextWrite;
    private long _unwritten;
    private long _syncs;

    public SpoolWriter(SpoolSegments segments, long segmentSize, ILogger log)
    {
        _segments = segments;
        _segmentSize = segmentSize;
        _log = log;
        _handle = segments.OpenNew();
        // A thread of its own: it blocks in fsync, and on a 2-core machine a blocked pool thread is
        // half the pool the SMTP sessions need.
        _thread = new Thread(Run) { IsBackground = true, Name = "spool-writer" };
    }

    /// <summary>Starts writing; requests queued before it go out as one batch.</summary>
    public void Start() => _thread.Start();

    public Task Stopped => _stopped.Task;

    /// <summary>fsyncs of segment files so far: one per group commit, and one at each rotation.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    public bool TryEnqueue(SpoolWriteRequest request)
    {
        if (_closing) return false;
        _queue.Enqueue(request);
        _wake.Set();
        return true;
    }

    /// <summary>Writes what is queued, then stops; <see cref="Stopped"/> completes when the last batch is durable.</summary>
    public void Close()
    {
        _closing = true;
        _wake.Set();
    }

    private void Run()
    {
        var batch = new List<SpoolWriteRequest>();
        try
        {
            while (true)
            {
                _wake.Wait();
                _wake.Reset();      // before draining: a request queued after the drain sets it again
                while (true)
                {
                    batch.Clear();
                    while (batch.Count < 4096 && _queue.TryDequeue(out var r)) batch.Add(r);
                    if (batch.Count == 0) break;
                    WriteBatch(batch);
                }
                if (_closing && _queue.IsEmpty) break;
            }
            Fail(_queue, new SpoolUnavailableException("spool is closed"));
            _handle.Dispose();
            _stopped.TrySetResult();
        }
        catch (Exception e)
        {
            _stopped.TrySetException(e);
            throw;   // a bug here must not be silent: sessions would wait forever
        }
    }

    private void WriteBatch(List<SpoolWriteRequest> batch)
    {
        var counted = 0;
        try
        {
            var pending = new List<ReadOnlyMemory<byte>>();
            foreach (var r in batch)
            {
                if (_rotateBeforeNextWrite || _segments.Active.Length + _unwritten >= _segmentSize)
                {
                    WritePending(pending);
                    Rotate();
                }
                foreach (var frame in r.Frames) Stage(pending, frame);
                if (r.Body is not null)
                {
                    r.Location = new SpoolLocation(_segments.Active.Number, _segments.Active.Length + _unwritten, r.Body.Length);
                    // Counted live as soon as it has a place, not after the fsync: a rotation later in this
                    // batch, or a delivery's release on another thread, deletes an old segment that
                    // counts no live body, and this one is about to be acknowledged.
                    _segments.AddLive(r.Location.Segment);
                    counted++;
                    foreach (var s in r.Body.Segments()) Stage(pending, s);
                }
            }
            WritePending(pending);
            Sync();    // group commit: one fsync covers the whole batch
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SpoolLog.WriteFailed(_log, e);
            // After a failed write or fsync the file's tail is unknown (Linux may drop dirty pages):
            // start a fresh segment rather than append after it. Nothing in this batch was acknowledged.
            _rotateBeforeNextWrite = true;
            _unwritten = 0;
            foreach (var r in batch.Where(r => r.Body is not null).Take(counted)) _segments.Uncount(r.Location.Segment);
            foreach (var r in batch) r.Body?.Dispose();
            Complete(batch.ToArray(), new SpoolUnavailableException("spool write failed", e));
            return;
        }
        foreach (var r in batch) r.Body?.Dispose();
        Complete(batch.ToArray(), null);
    }

    private void Stage(List<ReadOnlyMemory<byte>> pending, ReadOnlyMemory<byte> bytes)
    {
        pending.Add(bytes);
        _unwritten += bytes.Length;
    }

    // One gathered write (pwritev) for everything staged, rather than a write per frame and body.
    private void WritePending(List<ReadOnlyMemory<byte>> pending)
    {
        if (pending.Count == 0) return;
        try
        {
            RandomAccess.Write(_handle, pending, _segments.Active.Length);
            _segments.Active.Length += _unwritten;
        }
        finally
        {
            _unwritten = 0;
            pending.Clear();
        }
    }

    private void Sync()
    {
        RandomAccess.FlushToDisk(_handle);
        Interlocked.Increment(ref _syncs);
    }

    private void Rotate()
    {
        if (!_rotateBeforeNextWrite) Sync();
        _handle.Dispose();
        _rotateBeforeNextWrite = false;
        _handle = _segments.OpenNew();
        _segments.DeleteDead();
    }

    // The waiters' continuations (index, reply, next read) must not run on this thread, which would
    // delay the next fsync; nor get a thread-pool wake-up each, which on a small VM costs more than
    // the work itself. One work item runs them all, one after another.
    private static void Complete(SpoolWriteRequest[] requests, Exception? failure) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            var (done, error) = state;
            foreach (var r in done)
                if (error is null) r.Done.TrySetResult(r.Location); else r.Done.TrySetException(error);
        }, (requests, failure), preferLocal: false);

    private static void Fail(ConcurrentQueue<SpoolWriteRequest> queue, Exception error)
    {
        while (queue.TryDequeue(out var r)) { r.Body?.Dispose(); r.Done.TrySetException(error); }
    }

    public void Dispose() => _wake.Dispose();
}
