using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.MailLog;

namespace MmsConsole.Web.Live;

/// <summary>The depth chart's points, one line each 10 seconds in data/log/depth (the largest depth of
/// those seconds, so a spike is kept), read back at start so the chart survives a restart (issue 13).</summary>
public sealed class DepthHistory : IDisposable
{
    public const int Every = 10;
    private const string Name = "depth";
    private readonly RotatingLogFile _file;
    private readonly string _directory;
    private readonly ILogger<DepthHistory> _log;
    private DepthPoint? _pending;
    private int _count;
    private bool _failed;

    public DepthHistory(IOptions<RelayOptions> relay, TimeProvider clock, ILogger<DepthHistory> log)
    {
        _directory = Path.Combine(Path.GetFullPath(relay.Value.DataDirectory), "log");
        _file = new RotatingLogFile(_directory, Name, 10L * 1024 * 1024, TimeSpan.FromDays(7), clock);
        _log = log;
    }

    /// <summary>The points since <paramref name="since"/>, oldest first.</summary>
    public List<DepthPoint> Load(DateTimeOffset since)
    {
        var points = new List<DepthPoint>();
        try
        {
            foreach (var line in RotatingLogFile.LinesNewestFirst(_directory, Name))
            {
                if (!TryParse(line, out var p)) continue;
                if (p.At < since) break;
                points.Add(p);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("The depth history could not be read: {Reason}", e.Message);
        }
        points.Reverse();
        return points;
    }

    /// <summary>Called once a second by the sampler; writes every tenth second.</summary>
    public void Add(DepthPoint p)
    {
        _pending = _pending is { } q ? new DepthPoint(p.At, Math.Max(q.Messages, p.Messages), Math.Max(q.Deferred, p.Deferred), Math.Max(q.Held, p.Held),
            Math.Max(q.InPerSecond, p.InPerSecond), Math.Max(q.OutPerSecond, p.OutPerSecond)) : p;
        if (++_count % Every != 0) return;
        var w = _pending.Value;
        _pending = null;
        try
        {
            _file.Append(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{w.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} messages={w.Messages} deferred={w.Deferred} held={w.Held} in={w.InPerSecond:0.##} out={w.OutPerSecond:0.##}\n")));
            _failed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_failed) _log.LogWarning("The depth history could not be written: {Reason}", e.Message);
            _failed = true;
        }
    }

    internal static bool TryParse(string line, out DepthPoint p)
    {
        p = default;
        var f = line.Split(' ');
        if (f.Length != 6 || !DateTimeOffset.TryParse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return false;
        string V(int i) => f[i][(f[i].IndexOf('=') + 1)..];
        if (!int.TryParse(V(1), CultureInfo.InvariantCulture, out var m) || !int.TryParse(V(2), CultureInfo.InvariantCulture, out var d)
            || !int.TryParse(V(3), CultureInfo.InvariantCulture, out var h) || !double.TryParse(V(4), CultureInfo.InvariantCulture, out var i)
            || !double.TryParse(V(5), CultureInfo.InvariantCulture, out var o)) return false;
        p = new DepthPoint(at, m, d, h, i, o);
        return true;
    }

    public void Dispose() => _file.Dispose();
}
