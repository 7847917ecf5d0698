using MmsConsole.Web.Live;
using System.Collections.Concurrent;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;

namespace MmsConsole.Web.Metrics;

/// <summary>Counts what the relay's event streams report, per operator: messages accepted, delivery
/// attempts by outcome, and a histogram of delivery latency (queued to delivered). Labels are
/// operator names from the rules in force, so their number is bounded by the registry.</summary>
public sealed class DeliveryMetrics(IQueueControl queue, LiveRules rules) : IHostedService
{
    /// <summary>Seconds: from a quick local hand-off to a day in the queue of an operator that was down.</summary>
    public static readonly double[] LatencyBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400];

    private readonly ConcurrentDictionary<string, long> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Operator, OutcomeKind Outcome), long> _attempts = new();
    private readonly ConcurrentDictionary<string, LatencyHistogram> _latency = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];

    public IReadOnlyDictionary<string, long> Accepted => _accepted;

    public IReadOnlyDictionary<(string Operator, OutcomeKind Outcome), long> Attempts => _attempts;

    public IReadOnlyDictionary<string, LatencyHistogram> Latency => _latency;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_subscriptions)
        {
            _subscriptions.Add(queue.Changes.Subscribe(new FeedObserver<QueueChange>(OnChange)));
            _subscriptions.Add(queue.Deliveries.Subscribe(new FeedObserver<DeliveryAttempt>(OnAttempt)));
        }
        return Task.CompletedTask;
    }

    public string OperatorOf(string domain) =>
        rules.Current.Resolve(domain) is { } r ? r.Operator ?? (r.Local ? "local" : r.Key) : "unrouted";

    private void OnChange(QueueChange c)
    {
        if (c.Kind != QueueChangeKind.Queued) return;
        foreach (var op in (c.Destinations ?? []).Select(OperatorOf).Distinct())
            _accepted.AddOrUpdate(op, 1, (_, n) => n + 1);
    }

    private void OnAttempt(DeliveryAttempt a)
    {
        var op = OperatorOf(a.Domain);
        _attempts.AddOrUpdate((op, a.Outcome), 1, (_, n) => n + 1);
        if (a.Outcome == OutcomeKind.Delivered) _latency.GetOrAdd(op, _ => new LatencyHistogram(LatencyBuckets)).Observe(a.Delay.TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may stop while another thread still starts (a test that ends at once).
        IDisposable[] subscriptions;
        lock (_subscriptions)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }
        foreach (var s in subscriptions) s.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A Prometheus histogram: cumulative counts per upper bound, a sum and a count.</summary>
public sealed class LatencyHistogram(double[] bounds)
{
    private readonly long[] _counts = new long[bounds.Length];
    private readonly Lock _gate = new();
    private double _sum;
    private long _count;

    public IReadOnlyList<double> Bounds => bounds;

    public void Observe(double value)
    {
        lock (_gate)
        {
            for (var i = 0; i < bounds.Length; i++) if (value <= bounds[i]) _counts[i]++;
            _sum += value;
            _count++;
        }
    }

    public (long[] Cumulative, double Sum, long Count) Read()
    {
        lock (_gate) return ((long[])_counts.Clone(), _sum, _count);
    }
}
