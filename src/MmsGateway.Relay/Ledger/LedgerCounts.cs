using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Ledger;

/// <summary>Counter changes gathered over one batch, written in one statement per key.</summary>
public sealed class LedgerCounts
{
    private readonly Dictionary<(string Partner, TrafficDirection Direction, long Minute, string Name), long> _deltas = [];

    public void Add(string partner, TrafficDirection direction, long minute, string name, long delta = 1)
    {
        var key = (partner, direction, minute, name);
        _deltas[key] = _deltas.GetValueOrDefault(key) + delta;
    }

    public IEnumerable<(string Partner, TrafficDirection Direction, long Minute, string Name, long Delta)> Deltas =>
        _deltas.Where(d => d.Value != 0).Select(d => (d.Key.Partner, d.Key.Direction, d.Key.Minute, d.Key.Name, d.Value));

    /// <summary>Each RES latency counted in this batch, exactly (the buckets above round it): for the histogram on /metrics.
    /// <paramref name="Name"/> is the latency-sum counter's name, which says the transaction.</summary>
    public List<(string Partner, TrafficDirection Direction, string Name, double Seconds)> Latencies { get; } = [];

    public long Get(string partner, TrafficDirection direction, string name) =>
        _deltas.Where(d => d.Key.Partner == partner && d.Key.Direction == direction && d.Key.Name == name).Sum(d => d.Value);

    public void Clear()
    {
        _deltas.Clear();
        Latencies.Clear();
    }
}
