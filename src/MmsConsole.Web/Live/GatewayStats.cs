using Microsoft.Extensions.Options;
using MmsConsole.Web.Mm4;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Health;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Routing;

namespace MmsConsole.Web.Live;

/// <summary>Samples the relay once a second into a snapshot and an hour of history, and raises an
/// event that open pages (on their circuits) and <see cref="HubBroadcaster"/> listen to. One sampler
/// however many dashboards are open: the relay is read once a second, never once per viewer.</summary>
public sealed class GatewayStats(
    IQueueControl queue,
    LiveRules rules,
    IOptions<ConsoleOptions> options,
    TimeProvider clock,
    ILogger<GatewayStats> log,
    HealthMonitor? health = null,
    DepthHistory? depthHistory = null,
    Mm4Watch? mm4 = null) : BackgroundService
{
    private const int HistorySeconds = 3600, RateWindow = 5, TailSize = 2000;
    private readonly DepthPoint[] _history = new DepthPoint[HistorySeconds];
    private readonly Lock _gate = new();
    private readonly Queue<(long Seq, DeliveryAttempt Attempt)> _tail = new();
    private readonly long[] _inWindow = new long[RateWindow + 1], _outWindow = new long[RateWindow + 1];
    private int _historyCount, _historyNext, _tick;
    private long _accepted, _delivered, _deliverySeq;

    public GatewaySnapshot Current { get; private set; } = GatewaySnapshot.Empty;

    /// <summary>Raised once a second with the new snapshot, on a pool thread.</summary>
    public event Action<GatewaySnapshot>? Updated;

    /// <summary>Sequence number of the latest delivery attempt seen (0: none yet).</summary>
    public long LastDeliverySeq => Interlocked.Read(ref _deliverySeq);

    /// <summary>The last hour, oldest first.</summary>
    public IReadOnlyList<DepthPoint> History()
    {
        lock (_gate)
        {
            var list = new List<DepthPoint>(_historyCount);
            var start = (_historyNext - _historyCount + HistorySeconds) % HistorySeconds;
            for (var i = 0; i < _historyCount; i++) list.Add(_history[(start + i) % HistorySeconds]);
            return list;
        }
    }

    /// <summary>The latest delivery attempts, oldest first (the log page's backlog).</summary>
    public IReadOnlyList<DeliveryAttempt> RecentDeliveries() => DeliveriesSince(0, out _);

    /// <summary>Attempts after <paramref name="seq"/> still in the tail, oldest first; <paramref name="last"/>
    /// is the sequence number to ask from next time. Pages and the hub take them once a second, in
    /// one batch: per-attempt pushes to fifty viewers would cost the relay more than its own work.</summary>
    public IReadOnlyList<DeliveryAttempt> DeliveriesSince(long seq, out long last)
    {
        lock (_gate)
        {
            last = _tail.Count == 0 ? seq : _tail.Last().Seq;
            return _tail.Where(t => t.Seq > seq).Select(t => t.Attempt).ToList();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changes = queue.Changes.Subscribe(new FeedObserver<QueueChange>(c =>
        {
            if (c.Kind == QueueChangeKind.Queued) Interlocked.Add(ref _accepted, c.Count);
        }));
        using var deliveries = queue.Deliveries.Subscribe(new FeedObserver<DeliveryAttempt>(OnDelivery));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        Restore();
        Sample();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { Sample(); }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    log.LogWarning(e, "Sampling the relay failed; the next second tries again");
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    // The chart's hour from before a restart, at the history file's 10-second steps.
    private void Restore()
    {
        if (depthHistory is null) return;
        var points = depthHistory.Load(clock.GetUtcNow().AddSeconds(-HistorySeconds));
        lock (_gate)
            foreach (var p in points.TakeLast(HistorySeconds))
            {
                _history[_historyNext] = p;
                _historyNext = (_historyNext + 1) % HistorySeconds;
                _historyCount = Math.Min(_historyCount + 1, HistorySeconds);
            }
    }

    private void OnDelivery(DeliveryAttempt a)
    {
        if (a.Outcome == OutcomeKind.Delivered) Interlocked.Increment(ref _delivered);
        lock (_gate)
        {
            _tail.Enqueue((++_deliverySeq, a));
            if (_tail.Count > TailSize) _tail.Dequeue();
        }
    }

    /// <summary>The state right now, without recording a sample (a page opening between two ticks
    /// shows the message it just sent, not the count of up to a second ago).</summary>
    public GatewaySnapshot Peek()
    {
        var now = clock.GetUtcNow();
        var counts = queue.GetCounts();
        var operators = Operators(counts, rules.Current, health, mm4);
        var last = Current;
        return new GatewaySnapshot(now, counts.Messages, counts.Recipients, counts.Ready, counts.Deferred, counts.Held, counts.Oldest,
            last.InPerSecond, last.OutPerSecond, operators, Alerts(operators, now));
    }

    /// <summary>Records one second: the snapshot, its history point, and the Updated event.</summary>
    public GatewaySnapshot Sample()
    {
        var now = clock.GetUtcNow();
        var counts = queue.GetCounts();
        var slot = _tick++ % (RateWindow + 1);
        _inWindow[slot] = Interlocked.Read(ref _accepted);
        _outWindow[slot] = Interlocked.Read(ref _delivered);
        var span = Math.Min(_tick - 1, RateWindow);
        var oldest = (slot - span + RateWindow + 1) % (RateWindow + 1);
        double Rate(long[] w) => span == 0 ? 0 : (w[slot] - w[oldest]) / (double)span;

        var operators = Operators(counts, rules.Current, health, mm4);
        var snapshot = new GatewaySnapshot(now, counts.Messages, counts.Recipients, counts.Ready, counts.Deferred, counts.Held, counts.Oldest,
            Rate(_inWindow), Rate(_outWindow), operators, Alerts(operators, now));
        var point = new DepthPoint(now, counts.Messages, counts.Deferred, counts.Held, snapshot.InPerSecond, snapshot.OutPerSecond);
        lock (_gate)
        {
            _history[_historyNext] = point;
            _historyNext = (_historyNext + 1) % HistorySeconds;
            _historyCount = Math.Min(_historyCount + 1, HistorySeconds);
        }
        depthHistory?.Add(point);   // its file write is outside the lock pages read the history under
        Current = snapshot;
        Updated?.Invoke(snapshot);
        return snapshot;
    }

    // Every routed partner appears, queued mail or not; queued domains are grouped under the route that carries them.
    private static List<OperatorState> Operators(QueueCounts counts, RuleSet rules, HealthMonitor? health, Mm4Watch? mm4)
    {
        var groups = new Dictionary<string, (MmsGateway.Relay.Routing.Route? Route, List<string> Domains, List<DestinationCounts> Counts)>(StringComparer.Ordinal);
        foreach (var r in rules.Routing.Routes.Where(r => !r.Local))
        {
            var name = r.Operator ?? r.Key;
            if (!groups.TryGetValue(name, out var g)) groups[name] = g = (r, [], []);
            g.Domains.Add(r.Key);
        }
        foreach (var d in counts.Destinations)
        {
            var route = rules.Resolve(d.Domain);
            if (route is { Local: true }) continue;
            var name = route?.Operator ?? route?.Key ?? d.Domain;
            if (!groups.TryGetValue(name, out var g)) groups[name] = g = (route, [], []);
            if (!g.Domains.Contains(d.Domain)) g.Domains.Add(d.Domain);   // a domain under a ".parent" route
            g.Counts.Add(d);
        }
        return groups.OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).Select(g => Operator(g.Key, g.Value.Route, g.Value.Domains, g.Value.Counts, health, mm4)).ToList();
    }

    private static OperatorState Operator(string name, MmsGateway.Relay.Routing.Route? route, List<string> domains, List<DestinationCounts> counts,
        HealthMonitor? health, Mm4Watch? mm4)
    {
        var depth = counts.Sum(c => c.Ready + c.Deferred + c.Held);
        return new OperatorState(
            name,
            route?.Status ?? DestinationStatus.Active,
            route?.StatusText,
            domains.Order(StringComparer.Ordinal).ToList(),
            counts.Sum(c => c.Ready),
            counts.Sum(c => c.Deferred),
            counts.Sum(c => c.Held),
            counts.Select(c => c.Oldest).Where(o => o is not null).Min(),
            counts.Select(c => c.LastError).FirstOrDefault(e => e is not null),
            counts.Select(c => c.NextRetry).Where(t => t is not null).Min(),
            health?.Get(name, depth) ?? OperatorHealth.Idle(name))
        {
            Mm4 = mm4?.Get(name),
        };
    }

    private List<string> Alerts(IEnumerable<OperatorState> operators, DateTimeOffset now)
    {
        var o = options.Value;
        var alerts = new List<string>();
        foreach (var op in operators)
        {
            if (op.Health.State == HealthState.Unreachable) alerts.Add($"{op.Name}: unreachable ({op.Health.Reason})");
            if (op.Mm4 is { Level: Mm4Level.Warning or Mm4Level.Critical } verdict) alerts.Add($"{op.Name}: {verdict.Reason}");
            if (op.Depth > o.DepthAlert) alerts.Add($"{op.Name}: {op.Depth:N0} recipients queued (alert above {o.DepthAlert:N0})");
            if (op.Oldest is { } oldest && now - oldest > o.OldestAlert)
                alerts.Add($"{op.Name}: oldest message queued for {Format.Age(now - oldest)} (alert above {Format.Age(o.OldestAlert)})");
        }
        return alerts;
    }
}
