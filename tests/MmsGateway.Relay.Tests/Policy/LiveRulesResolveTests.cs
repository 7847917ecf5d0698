using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Tests.Policy;

/// <summary>Host names in the rules are looked up outside the publish lock and within a timeout.</summary>
public sealed class LiveRulesResolveTests
{
    private static readonly Route Ours = new("mms.mnc001.mcc238.gprs", [NextHop.TryParse("[10.9.9.9]", out var h, out _) ? h : null!]);

    [Fact]
    public void A_name_that_does_not_resolve_in_time_is_left_out_with_a_warning_and_the_rest_is_published()
    {
        using var never = new ManualResetEventSlim();
        var rules = new LiveRules(RulesSource.Empty, name => name switch
        {
            "slow.example.com" => never.Wait(TimeSpan.FromSeconds(30)) ? [] : [],
            "fast.example.com" => [IPAddress.Parse("10.1.0.7")],
            _ => throw new SocketException((int)SocketError.HostNotFound),
        }) { ResolveTimeout = TimeSpan.FromMilliseconds(300) };
        var clock = Stopwatch.StartNew();

        var set = rules.Apply(new RulesSource([Ours], ["slow.example.com", "fast.example.com", "gone.example.com"], [], []));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"publishing took {clock.Elapsed}");
        Assert.True(set.IsRelayClient(IPAddress.Parse("10.1.0.7")));
        Assert.Contains(set.Warnings, w => w.Contains("slow.example.com") && w.Contains("TimedOut"));
        Assert.Contains(set.Warnings, w => w.Contains("gone.example.com") && w.Contains("HostNotFound"));
        Assert.Same(set, rules.Current);
        never.Set();
    }

    [Fact]
    public void A_name_that_resolved_before_and_now_times_out_keeps_its_addresses_with_a_warning()
    {
        using var stuck = new ManualResetEventSlim();
        var slow = false;
        var rules = new LiveRules(RulesSource.Empty, name => slow && !stuck.Wait(TimeSpan.FromSeconds(30)) ? [] : [IPAddress.Parse("10.1.0.7")])
        {
            ResolveTimeout = TimeSpan.FromMilliseconds(300),
        };
        var source = new RulesSource([Ours], ["our-mmsc.example.com"], [], []);
        Assert.True(rules.Apply(source).IsRelayClient(IPAddress.Parse("10.1.0.7")));

        slow = true;
        var set = rules.Apply(source);

        // Our own MMSC stays a relay client through a slow DNS server.
        Assert.True(set.IsRelayClient(IPAddress.Parse("10.1.0.7")));
        Assert.Contains(set.Warnings, w => w.Contains("our-mmsc.example.com did not answer within 0.3 s; its addresses from the last lookup are kept"));
        stuck.Set();
    }

    [Fact]
    public async Task While_one_publication_waits_for_DNS_another_is_not_held_up()
    {
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var rules = new LiveRules(RulesSource.Empty, name =>
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return [IPAddress.Parse("10.1.0.7")];
        }) { ResolveTimeout = TimeSpan.FromSeconds(20) };
        var slow = Task.Run(() => rules.Apply(new RulesSource([Ours], ["slow.example.com"], [], [])));
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        var clock = Stopwatch.StartNew();
        var quick = rules.Apply(new RulesSource([Ours], ["10.2.0.0/16"], [], []));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the second publication waited {clock.Elapsed}");
        Assert.True(quick.IsRelayClient(IPAddress.Parse("10.2.3.4")));
        release.Set();
        await slow.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
