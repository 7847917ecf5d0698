using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Health;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;
using MmsGateway.Testing;

namespace MmsGateway.Relay.Tests.Health;

/// <summary>What the monitor keeps from attempts and hop connections: windows, last success, failing since.</summary>
public sealed class HealthMonitorTests
{
    private const string Two = "mms.mnc002.mcc238.gprs";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
    private readonly HealthMonitor _monitor;

    public HealthMonitorTests()
    {
        NextHop.TryParse("[10.0.0.2]", out var hop, out _);
        var rules = new LiveRules(new RulesSource([new Route(Two, [hop]) { Operator = "Operator Two" }], [], [], []));
        _monitor = new HealthMonitor(rules, new HealthOptions { UnreachableAfter = TimeSpan.FromMinutes(2) }, _clock);
    }

    private DeliveryAttempt Attempt(bool ok, string domain = Two) => new(_clock.GetUtcNow(), "Q1", "+4512345678/TYPE=PLMN@" + domain, domain,
        "[10.0.0.2]", ok ? "2.0.0" : "4.4.1", ok ? "Sent (ok)" : "Deferred: Connection refused by [10.0.0.2]", TimeSpan.Zero,
        ok ? OutcomeKind.Delivered : OutcomeKind.Deferred, 1);

    [Fact]
    public void Attempts_are_kept_under_the_operator_the_domain_routes_to()
    {
        _monitor.Record(Attempt(true));

        var health = _monitor.Get("Operator Two", queued: 0);

        Assert.Equal(HealthState.Delivering, health.State);
        Assert.Equal(new AttemptCounts(1, 0), health.Facts.Last5);
        Assert.Equal(_clock.GetUtcNow(), health.Facts.LastSuccess);
    }

    [Fact]
    public void Refused_connections_turn_an_operator_amber_then_red_at_the_threshold()
    {
        for (var i = 0; i < 3; i++) _monitor.Record(Attempt(false));
        Assert.Equal(HealthState.Degraded, _monitor.Get("Operator Two", 3).State);

        _clock.Advance(TimeSpan.FromMinutes(2));
        _monitor.Record(Attempt(false));

        var health = _monitor.Get("Operator Two", 4);
        Assert.Equal(HealthState.Unreachable, health.State);
        Assert.Equal("Deferred: Connection refused by [10.0.0.2]", health.Facts.LastError);
        Assert.Null(health.Facts.LastSuccess);
    }

    [Fact]
    public void One_delivery_ends_the_failing_streak()
    {
        _monitor.Record(Attempt(false));
        _clock.Advance(TimeSpan.FromMinutes(5));
        _monitor.Record(Attempt(true));

        var health = _monitor.Get("Operator Two", 0);
        Assert.Null(health.Facts.FailingSince);
        Assert.Equal(new AttemptCounts(1, 0), health.Facts.Last5);
        Assert.Equal(new AttemptCounts(2, 1), health.Facts.Last60);
    }

    [Fact]
    public void Attempts_older_than_an_hour_leave_the_windows()
    {
        _monitor.Record(Attempt(false));
        _clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(default, _monitor.Get("Operator Two", 0).Facts.Last60);
    }

    [Fact]
    public void A_replay_of_older_lines_after_live_ones_does_not_undo_the_newer_facts()
    {
        // Restart: a live delivery arrives while the mail log's last hour (failures before it) is replayed.
        var start = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(10));
        _monitor.Record(Attempt(true));
        _monitor.Record("Operator Two", start, delivered: false, "Deferred: old");

        var health = _monitor.Get("Operator Two", 0);
        Assert.Null(health.Facts.FailingSince);
        Assert.Equal(HealthState.Delivering, health.State);
    }

    [Fact]
    public void Each_next_hop_has_its_own_state_and_a_failing_primary_degrades_the_operator()
    {
        for (var i = 0; i < 3; i++)
        {
            _monitor.Record(new HopResult(_clock.GetUtcNow(), "Operator Two", "[10.0.0.2]", false, "Connection refused by [10.0.0.2]"));
            _monitor.Record(new HopResult(_clock.GetUtcNow(), "Operator Two", "[10.0.0.3]", true, null));
            _monitor.Record(Attempt(true));
        }
        _clock.Advance(TimeSpan.FromMinutes(3));
        _monitor.Record(new HopResult(_clock.GetUtcNow(), "Operator Two", "[10.0.0.2]", false, "Connection refused by [10.0.0.2]"));
        _monitor.Record(new HopResult(_clock.GetUtcNow(), "Operator Two", "[10.0.0.3]", true, null));
        _monitor.Record(Attempt(true));

        var health = _monitor.Get("Operator Two", 0);

        Assert.Equal(HealthState.Degraded, health.State);
        Assert.Equal("[10.0.0.2] failing; [10.0.0.3] carrying the load", health.Reason);
        Assert.Equal([HealthState.Unreachable, HealthState.Delivering], health.Hops.Select(h => h.State));
    }

    [Fact]
    public void An_operator_never_seen_is_idle()
    {
        Assert.Equal(HealthState.Idle, _monitor.Get("Operator Nine", 0).State);
    }
}
