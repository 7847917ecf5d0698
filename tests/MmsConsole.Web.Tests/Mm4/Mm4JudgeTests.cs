using MmsConsole.Web.Live;
using MmsConsole.Web.Mm4;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Policy;

namespace MmsConsole.Web.Tests.Mm4;

public sealed class Mm4JudgeTests
{
    private static readonly ConsoleOptions Options = new() { Mm4MinForwards = 20, Mm4WarningShare = 0.1, Mm4CriticalShare = 0.5 };
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static Mm4Summary Three(long answered, long missing = 0, Dictionary<string, long>? statuses = null, TrafficDirection direction = TrafficDirection.Outbound) =>
        new("Three", direction) { Answered = answered, Missing = missing, Statuses = statuses ?? new() { ["Ok"] = answered } };

    [Fact]
    public void Forty_of_a_hundred_refused_is_a_warning_naming_the_status()
    {
        var verdict = Mm4Judge.Judge("Three", [Three(100, statuses: new() { ["Ok"] = 60, ["Error-service-denied"] = 40 })], Options, Window);

        Assert.Equal(Mm4Level.Warning, verdict.Level);
        Assert.Equal("40 of the last 100 forwards answered Error-service-denied (last 15 min)", verdict.Reason);
    }

    [Fact]
    public void More_than_half_refused_is_critical_and_each_error_is_counted()
    {
        var verdict = Mm4Judge.Judge("Three", [Three(100, statuses: new() { ["Ok"] = 40, ["Error-service-denied"] = 50, ["Error-network-problem"] = 10 })], Options, Window);

        Assert.Equal(Mm4Level.Critical, verdict.Level);
        Assert.Equal("60 of the last 100 forwards answered Error-service-denied (50), Error-network-problem (10) (last 15 min)", verdict.Reason);
    }

    [Fact]
    public void Missing_answers_count_against_the_forwards_that_were_due()
    {
        var verdict = Mm4Judge.Judge("Three", [Three(45, missing: 5)], Options, Window);

        Assert.Equal(Mm4Level.Warning, verdict.Level);
        Assert.Equal("5 of 50 forwards got no MM4_forward.RES within the response timeout (last 15 min)", verdict.Reason);
    }

    [Fact]
    public void Too_few_forwards_are_not_judged()
    {
        var verdict = Mm4Judge.Judge("Three", [Three(3, missing: 3, statuses: new() { ["Error-service-denied"] = 3 })], Options, Window);

        Assert.Equal(Mm4Level.Quiet, verdict.Level);
        Assert.Contains("judged from 20", verdict.Reason);
    }

    [Fact]
    public void Answers_to_the_partners_own_forwards_are_ours_and_do_not_count_against_it()
    {
        var verdict = Mm4Judge.Judge("Three", [Three(100), Three(100, statuses: new() { ["Error-service-denied"] = 100 }, direction: TrafficDirection.Inbound)], Options, Window);

        Assert.Equal(Mm4Level.Good, verdict.Level);
        Assert.Equal("100 forwards answered in the last 15 min, 0 with an error, 0 missing", verdict.Reason);
    }
}
