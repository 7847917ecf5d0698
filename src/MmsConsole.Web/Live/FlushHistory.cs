using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.MailLog;
using MmsGateway.Relay.Policy;

namespace MmsConsole.Web.Live;

/// <summary>Flush runs with who started them and their selection in words, kept in data/log/flushes
/// (JSON lines, rotated) so that they come back after a restart (issue 13). Runs of this process are
/// read live from the relay; those of earlier processes from the file.</summary>
public sealed class FlushHistory : IDisposable
{
    private const int Kept = 200;
    private readonly RotatingLogFile _file;
    private readonly LiveRules _rules;
    private readonly Lock _gate = new();
    private readonly Dictionary<FlushRun, FlushRecord> _live = new(ReferenceEqualityComparer.Instance);
    private readonly List<FlushRecord> _earlier;
    private readonly ILogger<FlushHistory> _log;

    public FlushHistory(IOptions<RelayOptions> relay, LiveRules rules, TimeProvider clock, ILogger<FlushHistory> log)
    {
        var directory = Path.Combine(Path.GetFullPath(relay.Value.DataDirectory), "log");
        _file = new RotatingLogFile(directory, "flushes", 10L * 1024 * 1024, TimeSpan.FromDays(90), clock);
        _rules = rules;
        _log = log;
        _earlier = Load(directory);
    }

    /// <summary>Runs of processes before this one, newest first; one still "Running" there was cut short by a restart.</summary>
    public IReadOnlyList<FlushRecord> Earlier => _earlier;

    /// <summary>Who started a run of this process and its selection in words, or null for one not started through the actions.</summary>
    public FlushRecord? Of(FlushRun run)
    {
        lock (_gate) return _live.GetValueOrDefault(run);
    }

    public void Started(FlushRun run, string by)
    {
        var selection = QueueSelection.TryParse(run.Selection.Split(' ', StringSplitOptions.RemoveEmptyEntries), out var parsed, out _) ? parsed : QueueSelection.All;
        var words = SelectionWords.Describe(selection, d => _rules.Current.Resolve(d)?.Operator);
        var record = FlushRecord.Of(Guid.NewGuid().ToString("N"), run, by, words);
        lock (_gate) _live[run] = record;
        Append(record);
        _ = run.Finished.ContinueWith(_ => Append(FlushRecord.Of(record.Key, run, by, words)), TaskScheduler.Default);
    }

    private void Append(FlushRecord record)
    {
        try
        {
            lock (_gate) _file.Append(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record) + "\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Flush {Id} could not be written to the flush history: {Reason}", record.Id, e.Message);
        }
    }

    // The last line of a run wins (its end); a run with only its start line was interrupted.
    private List<FlushRecord> Load(string directory)
    {
        var byKey = new Dictionary<string, FlushRecord>(StringComparer.Ordinal);
        var order = new List<string>();
        try
        {
            foreach (var line in RotatingLogFile.LinesNewestFirst(directory, "flushes"))
            {
                FlushRecord? r;
                try { r = JsonSerializer.Deserialize<FlushRecord>(line); }
                catch (JsonException) { continue; }
                if (r is null || byKey.ContainsKey(r.Key)) continue;
                byKey[r.Key] = r.State == nameof(FlushState.Running) ? r with { State = "Interrupted by a restart" } : r;
                order.Add(r.Key);
                if (order.Count >= Kept) break;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("The flush history could not be read: {Reason}", e.Message);
        }
        return order.Select(k => byKey[k]).ToList();
    }

    public void Dispose() => _file.Dispose();
}
