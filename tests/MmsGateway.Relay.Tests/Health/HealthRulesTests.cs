using MmsGateway.Relay.Health;

namespace MmsGateway.Relay.Tests.Health;

/// <summary>The rules that turn an operator's measured attempts into idle / delivering / degraded / unreachable.</summary>
public sealed class HealthRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
    private static readonly HealthOptions Defaults = new();   // unreachable after 2 min, degraded at 20 % of 5+ attempts

    private static HealthFacts Facts(int a5, int f5, int a60 = -1, int f60 = -1, TimeSpan? successAgo = null, TimeSpan? failingFor = null, string? error = null) =>
        new(successAgo is { } s ? Now - s : null,
            Now - TimeSpan.FromSeconds(1),
            failingFor is { } f ? Now - f : null,
            error,
            new AttemptCounts(a5, f5),
            new AttemptCounts(a60 < 0 ? a5 : a60, f60 < 0 ? f5 : f60));

    private static (HealthState State, string Reason) Evaluate(HealthFacts f, int queued = 0, IReadOnlyList<HopHealth>? hops = null) =>
        HealthRules.Evaluate(f, hops ?? [], queued, Defaults, Now);

    [Fact]
    public void Nothing_attempted_in_the_hour_and_nothing_waiting_is_idle()
    {
        Assert.Equal(HealthState.Idle, Evaluate(HealthFacts.None).State);
    }

    [Fact]
    public void Every_attempt_failing_for_less_than_the_threshold_is_degraded_not_red()
    {
        var (state, reason) = Evaluate(Facts(3, 3, failingFor: TimeSpan.FromSeconds(40), error: "Deferred: Connection refused by [127.0.0.1]:2602"), queued: 3);

        Assert.Equal(HealthState.Degraded, state);
        Assert.Equal("failing for 40 s: Deferred: Connection refused by [127.0.0.1]:2602", reason);
    }

    [Fact]
    public void Every_attempt_failing_past_the_threshold_without_a_delivery_is_unreachable()
    {
        var (state, reason) = Evaluate(Facts(300, 300, failingFor: TimeSpan.FromMinutes(2), error: "Deferred: Connection refused by [127.0.0.1]:2602"), queued: 300);

        Assert.Equal(HealthState.Unreachable, state);
        Assert.StartsWith("no successful delivery, every attempt failing for 2 min", reason);
    }

    [Fact]
    public void An_unreachable_partner_that_delivered_before_says_since_when()
    {
        var (state, reason) = Evaluate(Facts(10, 10, 50, 10, successAgo: TimeSpan.FromMinutes(7), failingFor: TimeSpan.FromMinutes(6)), queued: 10);

        Assert.Equal(HealthState.Unreachable, state);
        Assert.StartsWith("no delivery since 7 min ago, every attempt failing for 6 min", reason);
    }

    [Fact]
    public void A_delivery_after_failures_is_delivering()
    {
        var (state, reason) = Evaluate(Facts(10, 1, successAgo: TimeSpan.FromSeconds(3)));

        Assert.Equal(HealthState.Delivering, state);
        Assert.Equal("last delivery 3 s ago", reason);
    }

    [Theory]
    [InlineData(10, 2, HealthState.Degraded)]     // 20 %: the default share
    [InlineData(10, 1, HealthState.Delivering)]
    [InlineData(4, 2, HealthState.Delivering)]    // 50 %, but four attempts are too few to judge by share
    [InlineData(5, 1, HealthState.Degraded)]
    public void A_share_of_failures_in_the_last_five_minutes_degrades(int attempts, int failures, HealthState expected)
    {
        var (state, reason) = Evaluate(Facts(attempts, failures, successAgo: TimeSpan.FromSeconds(1)));

        Assert.Equal(expected, state);
        if (expected == HealthState.Degraded) Assert.Equal($"{failures} of {attempts} attempts failed in the last 5 minutes", reason);
    }

    [Fact]
    public void Failures_only_in_the_older_part_of_the_hour_do_not_degrade()
    {
        Assert.Equal(HealthState.Delivering, Evaluate(Facts(10, 0, 100, 60, successAgo: TimeSpan.FromSeconds(1))).State);
    }

    [Fact]
    public void A_failing_primary_while_the_fallback_carries_the_load_is_degraded_naming_both()
    {
        HopHealth[] hops =
        [
            new("[10.0.0.2]", HealthState.Unreachable, "refused", HealthFacts.None),
            new("[10.0.0.3]", HealthState.Delivering, "connected", HealthFacts.None),
        ];

        var (state, reason) = Evaluate(Facts(10, 0, successAgo: TimeSpan.FromSeconds(1)), hops: hops);

        Assert.Equal(HealthState.Degraded, state);
        Assert.Equal("[10.0.0.2] failing; [10.0.0.3] carrying the load", reason);
    }

    [Fact]
    public void A_partner_that_failed_long_ago_with_nothing_waiting_is_idle_and_says_the_last_attempt_failed()
    {
        var facts = new HealthFacts(null, Now - TimeSpan.FromHours(3), Now - TimeSpan.FromHours(4), "Deferred: x", default, default);

        var (state, reason) = Evaluate(facts);

        Assert.Equal(HealthState.Idle, state);
        Assert.Equal("no delivery attempt in the last hour (last 3 h ago, failed)", reason);
    }

    [Fact]
    public void A_partner_with_mail_waiting_stays_unreachable_between_sparse_retries()
    {
        // Retries back off to an hour: no attempt in the window, but the mail still waits and nothing got through.
        var facts = new HealthFacts(null, Now - TimeSpan.FromMinutes(61), Now - TimeSpan.FromHours(5), "Deferred: x", default, default);

        Assert.Equal(HealthState.Unreachable, Evaluate(facts, queued: 40).State);
    }

    [Fact]
    public void A_hop_never_tried_is_idle_and_one_refusing_past_the_threshold_is_unreachable()
    {
        Assert.Equal(HealthState.Idle, HealthRules.EvaluateHop("[10.0.0.3]", HealthFacts.None, Defaults, Now).State);
        var refusing = new HealthFacts(null, Now, Now - TimeSpan.FromMinutes(3), "Connection refused by [10.0.0.2]", new(3, 3), new(9, 9));
        var hop = HealthRules.EvaluateHop("[10.0.0.2]", refusing, Defaults, Now);
        Assert.Equal(HealthState.Unreachable, hop.State);
        Assert.Contains("Connection refused by [10.0.0.2]", hop.Reason);
    }

    [Theory]
    [InlineData(40, "40 s")]
    [InlineData(180, "3 min")]
    [InlineData(7500, "2 h 5 min")]
    [InlineData(273600, "3 d 4 h")]
    public void Ages_read_as_a_person_says_them(int seconds, string expected)
    {
        Assert.Equal(expected, HealthRules.Age(TimeSpan.FromSeconds(seconds)));
    }
}
