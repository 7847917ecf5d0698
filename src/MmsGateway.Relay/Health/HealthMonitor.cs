using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Health;

/// <summary>Measures each operator's delivery from the attempts and next-hop connections the relay makes,
/// in 10-second buckets over the last hour, so that a partner refusing every connection is red on the
/// console and not a green "UP" (issue 13). Exposure: none (fed by Delivery's events).
/// Durability: none; after a restart it is seeded from the mail log's last hour.</summary>
public sealed class HealthMonitor(LiveRules rules, HealthOptions options, TimeProvider clock)
{
    private const int BucketSeconds = 10, Buckets = 3600 / BucketSeconds;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Track> _operators = new(StringComparer.OrdinalIgnoreCase);

    public HealthOptions Options => options;

    /// <summary>Follows the relay's delivery feed until disposed.</summary>
    public IDisposable Attach(DeliveryFeed feed)
    {
        var attempts = feed.Subscribe(new FeedObserver<DeliveryAttempt>(Record));
        var hops = feed.Hops.Subscribe(new FeedObserver<HopResult>(Record));
        return new Both(attempts, hops);
    }

    public void Record(DeliveryAttempt a) =>
        Record(OperatorOf(a.Domain), a.At, a.Outcome == OutcomeKind.Delivered, a.Outcome == OutcomeKind.Delivered ? null : a.Status);

    /// <summary>One attempt for one recipient of <paramref name="operatorName"/> (also the mail log's replay).</summary>
    public void Record(string operatorName, DateTimeOffset at, bool delivered, string? error)
    {
        lock (_gate) TrackOf(operatorName).Add(at, delivered, error);
    }

    public void Record(HopResult h)
    {
        lock (_gate)
        {
            var op = TrackOf(h.Destination);
            if (!op.Hops.TryGetValue(h.Hop, out var hop)) op.Hops[h.Hop] = hop = new Track();
            hop.Add(h.At, h.Connected, h.Error);
        }
    }

    /// <summary>The operator (or route key) a recipient domain belongs to, as the console groups them.</summary>
    public string OperatorOf(string domain)
    {
        var route = rules.Current.Resolve(domain);
        return route?.Operator ?? route?.Key ?? domain;
    }

    /// <param name="queued">Recipients waiting for it (an operator with mail waiting is never idle).</param>
    public OperatorHealth Get(string operatorName, int queued)
    {
        var now = clock.GetUtcNow();
        HealthFacts facts;
        List<HopHealth> hops;
        lock (_gate)
        {
            if (!_operators.TryGetValue(operatorName, out var track)) return OperatorHealth.Idle(operatorName);
            facts = track.Facts(now);
            hops = track.Hops.OrderBy(h => h.Key, StringComparer.Ordinal)
                .Select(h => HealthRules.EvaluateHop(h.Key, h.Value.Facts(now), options, now)).ToList();
        }
        var (state, reason) = HealthRules.Evaluate(facts, hops, queued, options, now);
        return new OperatorHealth(operatorName, state, reason, facts, hops);
    }

    private Track TrackOf(string name)
    {
        if (!_operators.TryGetValue(name, out var t)) _operators[name] = t = new Track();
        return t;
    }

    private sealed class Track
    {
        private readonly long[] _slot = new long[Buckets];
        private readonly int[] _attempts = new int[Buckets], _failures = new int[Buckets];
        private DateTimeOffset? _lastSuccess, _lastAttempt, _failingSince;
        private string? _lastError;

        public readonly Dictionary<string, Track> Hops = new(StringComparer.Ordinal);

        public void Add(DateTimeOffset at, bool ok, string? error)
        {
            var n = at.ToUnixTimeSeconds() / BucketSeconds;
            var i = (int)(n % Buckets);
            if (_slot[i] != n)
            {
                if (_slot[i] > n) return;   // older than the hour the buckets hold
                _slot[i] = n;
                _attempts[i] = _failures[i] = 0;
            }
            _attempts[i]++;
            if (!ok) _failures[i]++;
            if (_lastAttempt is null || at > _lastAttempt) _lastAttempt = at;
            if (ok)
            {
                if (_lastSuccess is null || at > _lastSuccess) _lastSuccess = at;
                if (_failingSince is { } since && at >= since) _failingSince = null;
                _lastError = null;
            }
            else if (_lastSuccess is null || at > _lastSuccess)
            {
                _failingSince ??= at;
                _lastError = error;
            }
        }

        public HealthFacts Facts(DateTimeOffset now)
        {
            var current = now.ToUnixTimeSeconds() / BucketSeconds;
            AttemptCounts Window(int minutes)
            {
                var from = current - minutes * 60 / BucketSeconds + 1;
                int a = 0, f = 0;
                for (var i = 0; i < Buckets; i++)
                    if (_slot[i] >= from && _slot[i] <= current) { a += _attempts[i]; f += _failures[i]; }
                return new AttemptCounts(a, f);
            }
            return new HealthFacts(_lastSuccess, _lastAttempt, _failingSince, _lastError, Window(5), Window(60));
        }
    }

    private sealed class Both(IDisposable a, IDisposable b) : IDisposable
    {
        public void Dispose() { a.Dispose(); b.Dispose(); }
    }
}
