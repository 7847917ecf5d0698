using System.Net;
using MailKit;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Capture;

/// <summary>Decides, per new SMTP session, whether it is captured, and writes the transcript.
/// Exposure: transcripts hold message contents; they live under the data directory only.
/// Durability: none needed; captures end with the process (they are diagnostics, not state).</summary>
public sealed class TrafficCapture(string directory, CaptureOptions options, TimeProvider clock) : ICaptureControl
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _captures = [];
    private int _ids, _sessions;

    public CaptureInfo Start(CaptureKind kind, string peer, TimeSpan? duration = null, string? reason = null)
    {
        var normal = Normalise(kind, peer);
        var span = duration ?? options.DefaultDuration;
        if (span <= TimeSpan.Zero || span > options.MaxDuration)
            throw new ArgumentOutOfRangeException(nameof(duration), $"a capture runs for more than 0 and at most {options.MaxDuration}");
        var now = clock.GetUtcNow();
        var entry = new Entry(Interlocked.Increment(ref _ids), kind, normal, now, now + span, reason);
        // Transcripts hold message contents (issue 13): the directory is the gateway user's alone.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(entry.Directory(directory));
        else Directory.CreateDirectory(entry.Directory(directory), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        lock (_gate) _captures.Insert(0, entry);
        return Info(entry);
    }

    public bool Stop(int id)
    {
        lock (_gate)
        {
            var e = _captures.FirstOrDefault(c => c.Id == id);
            if (e is null || e.StoppedAt is not null) return false;
            e.StoppedAt = clock.GetUtcNow();
            return true;
        }
    }

    public IReadOnlyList<CaptureInfo> List()
    {
        lock (_gate) return _captures.Select(Info).ToList();
    }

    public Stream? OpenTranscript(int id, string name)
    {
        Entry? e;
        lock (_gate) e = _captures.FirstOrDefault(c => c.Id == id);
        if (e is null || name.Contains('/') || name.Contains('\\') || name.StartsWith('.')) return null;
        var path = Path.Combine(e.Directory(directory), name);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite) : null;
    }

    /// <summary>The inbound session's stream, teed into a transcript when its client is being captured.</summary>
    internal Stream ForClient(IPAddress? client, Stream stream)
    {
        if (client is null) return stream;
        var writer = Open(CaptureKind.Client, client.ToString(), $"inbound session from [{client}]", "in");
        return writer is null ? stream : new CapturingStream(stream, writer);
    }

    /// <summary>MailKit's protocol logger for an outbound session to <paramref name="hop"/> of <paramref name="domain"/>.</summary>
    public IProtocolLogger ForDestination(string domain, NextHop hop) =>
        Open(CaptureKind.Destination, domain, $"outbound session for {domain} to {hop}", "out") is { } writer
            ? new TranscriptProtocolLogger(writer)
            : new NullProtocolLogger();

    private TranscriptWriter? Open(CaptureKind kind, string peer, string header, string direction)
    {
        Entry? e;
        lock (_gate) e = _captures.FirstOrDefault(c => c.Kind == kind && c.Peer == peer && IsActive(c));
        if (e is null) return null;
        var now = clock.GetUtcNow();
        var name = $"{now:yyyyMMdd'T'HHmmss.fff}-{direction}-{Interlocked.Increment(ref _sessions)}.log";
        return new TranscriptWriter(Path.Combine(e.Directory(directory), name), $"capture {e.Id}: {header}, {now:u}",
            () => IsActive(e), clock, options.MaxBytesPerSession);
    }

    private bool IsActive(Entry e) => e.StoppedAt is null && clock.GetUtcNow() < e.ExpiresAt;

    private CaptureInfo Info(Entry e)
    {
        var dir = e.Directory(directory);
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(n => n).ToList() : [];
        return new CaptureInfo(e.Id, e.Kind, e.Peer, e.StartedAt, e.ExpiresAt, e.StoppedAt, e.Reason, IsActive(e), files!);
    }

    private static string Normalise(CaptureKind kind, string peer)
    {
        peer = peer.Trim();
        if (kind == CaptureKind.Client)
        {
            if (!IPAddress.TryParse(peer.Trim('[', ']'), out var ip)) throw new ArgumentException($"'{peer}' is not an IP address", nameof(peer));
            return (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
        }
        if (peer.Length == 0 || peer.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')))
            throw new ArgumentException($"'{peer}' is not a domain", nameof(peer));
        return peer.ToLowerInvariant();
    }

    private sealed class Entry(int id, CaptureKind kind, string peer, DateTimeOffset startedAt, DateTimeOffset expiresAt, string? reason)
    {
        public int Id { get; } = id;
        public CaptureKind Kind { get; } = kind;
        public string Peer { get; } = peer;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public string? Reason { get; } = reason;
        public DateTimeOffset? StoppedAt { get; set; }

        public string Directory(string root) => Path.Combine(root, $"{StartedAt:yyyyMMdd'T'HHmmss}-{Id}-{Kind.ToString().ToLowerInvariant()}-{Peer.Replace(':', '_')}");
    }
}
