using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace MmsGateway.Relay.Spool;

/// <summary>The segment files of one spool, oldest first, with a count of live messages each.
/// Deletion is strictly oldest-first, so a later state record never outlives the message record it
/// refers to (docs/queue-format.md).</summary>
internal sealed class SpoolSegments(string directory, List<SpoolSegment> recovered, ILogger log) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<SpoolSegment> _segments = recovered;
    private readonly Dictionary<int, SpoolSegment> _byNumber = recovered.ToDictionary(s => s.Number);
    private SpoolSegment? _active;

    public SpoolSegment Active => _active ?? throw new InvalidOperationException("no active segment");

    public int Count { get { lock (_gate) return _segments.Count; } }

    public SpoolSegment? Find(int number)
    {
        lock (_gate) return _byNumber.GetValueOrDefault(number);
    }

    /// <summary>Creates the next segment and makes its name durable.</summary>
    public SafeFileHandle OpenNew()
    {
        int number;
        lock (_gate) number = _segments.Count == 0 ? 1 : _segments[^1].Number + 1;
        var segment = new SpoolSegment(number, Path.Combine(directory, SpoolSegment.FileName(number)));
        var handle = File.OpenHandle(segment.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        Fsync.Directory(directory);
        lock (_gate)
        {
            _segments.Add(segment);
            _byNumber.Add(number, segment);
            _active = segment;
        }
        return handle;
    }

    public void AddLive(int number)
    {
        lock (_gate) _byNumber[number].LiveBodies++;
    }

    public void RemoveLive(int number)
    {
        Uncount(number);
        DeleteDead();
    }

    /// <summary>A body counted but never acknowledged (its write failed): no file work here, on the writer's
    /// failure path; the next rotation or release reclaims what is dead.</summary>
    public void Uncount(int number)
    {
        lock (_gate)
            if (_byNumber.TryGetValue(number, out var s)) s.LiveBodies--;
    }

    public void DeleteDead()
    {
        var dead = new List<SpoolSegment>();
        lock (_gate)
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
            catch (IOException e) { SpoolLog.DeleteFailed(log, s.Path, e); }
        }
        // Oldest-first deletion must stay oldest-first after a crash too.
        Fsync.Directory(directory);
    }

    public void Dispose()
    {
        lock (_gate)
            foreach (var s in _segments) s.Dispose();
    }
}
