using System.Collections.Concurrent;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Ledger;

/// <summary>What this gateway has written to the ledger since it started, by partner, direction and counter
/// name: the source of the mm4_* series on /metrics (per node, as Prometheus counters are).</summary>
public sealed class LedgerTotals
{
    private readonly ConcurrentDictionary<(string Partner, TrafficDirection Direction, string Name), long> _totals = new();

    /// <summary>Each RES latency as it is written: partner, direction, transaction ("MM4_forward"), seconds.</summary>
    public event Action<string, TrafficDirection, string, double>? Latency;

    public void Add(LedgerCounts counts)
    {
        foreach (var d in counts.Deltas)
            _totals.AddOrUpdate((d.Partner, d.Direction, d.Name), d.Delta, (_, v) => v + d.Delta);
        if (Latency is { } observed)
            foreach (var l in counts.Latencies) observed(l.Partner, l.Direction, LedgerCounter.Split(l.Name).Transaction, l.Seconds);
    }

    public IReadOnlyList<(string Partner, TrafficDirection Direction, string Name, long Value)> Snapshot() =>
        _totals.Select(t => (t.Key.Partner, t.Key.Direction, t.Key.Name, t.Value)).OrderBy(t => t.Partner).ThenBy(t => t.Name).ToList();
}
