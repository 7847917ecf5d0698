using System.Net;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Tests;

public abstract class OurSideAndAccessTests(RegistryProvider provider) : IDisposable
{
    private RegistryHarness _h = null!;

    private async Task<RegistryHarness> Start() => _h = await RegistryHarness.StartAsync(provider);

    [Fact]
    public async Task Our_domains_route_to_our_mmscs_and_our_relay_clients_may_relay()
    {
        var h = await Start();
        var result = await h.Store.SetOurSideAsync(new OurSideInput(
            [new OwnDomainInput("MMS.mnc001.mcc238.gprs", ["[10.1.0.5]", "[10.1.0.6]"])],
            [new RelayClientInput("10.1.0.0/24"), new RelayClientInput("our-mmsc.intra.example.com"), new RelayClientInput("Connect-less.example.net")]));

        Assert.True(result.Ok);
        var route = h.Rules.Current.Resolve("mms.mnc001.mcc238.gprs")!;
        Assert.True(route.Local);
        Assert.Equal(2, route.Hops.Count);
        Assert.True(h.Rules.Current.IsRelayClient(IPAddress.Parse("10.1.0.200")));
        Assert.True(h.Rules.Current.IsRelayClient(IPAddress.Parse("10.1.0.7")));
        Assert.Contains(h.Rules.Current.Warnings, w => w.Contains("connect-less.example.net does not resolve"));
        Assert.Equal("mms.mnc001.mcc238.gprs", (await h.Store.OurSideAsync()).Domains.Single().Domain);
    }

    [Fact]
    public async Task A_bad_cidr_or_hop_on_our_side_is_refused_naming_the_field()
    {
        var h = await Start();
        var result = await h.Store.SetOurSideAsync(new OurSideInput(
            [new OwnDomainInput("mms.mnc001.mcc238.gprs", ["[10.1.0.5"])],
            [new RelayClientInput("10.1.0.0/24"), new RelayClientInput("10.1.0.1/16")]));

        Assert.Contains("no closing ']'", result.Errors!["domains[0].mmscHops[0]"][0]);
        Assert.Contains("not a valid CIDR", result.Errors["relayClients[1].pattern"][0]);
        Assert.Empty((await h.Store.OurSideAsync()).RelayClients);
    }

    [Fact]
    public async Task Access_entries_are_checked_unique_and_in_force_at_once()
    {
        var h = await Start();
        var created = await h.Store.CreateAccessAsync(new AccessInput(AccessKind.Connect, "192.0.2.0/24", AccessAction.Reject, "not a partner"));
        Assert.True(created.Ok);
        Assert.Equal(AccessAction.Reject, h.Rules.Current.Connect(IPAddress.Parse("192.0.2.9"))?.Action);

        var twice = await h.Store.CreateAccessAsync(new AccessInput(AccessKind.Connect, "192.0.2.0/24", AccessAction.Ok));
        Assert.Contains("exists already", twice.Errors!["key"][0]);
        var badCidr = await h.Store.CreateAccessAsync(new AccessInput(AccessKind.Connect, "192.0.2.1/24", AccessAction.Ok));
        Assert.Contains("not a valid CIDR", badCidr.Errors!["key"][0]);
        var fromRelay = await h.Store.CreateAccessAsync(new AccessInput(AccessKind.From, "example.net", AccessAction.Relay));
        Assert.Contains("From: takes OK", fromRelay.Errors!["action"][0]);

        Assert.True(await h.Store.DeleteAccessAsync(created.Value!.Id));
        Assert.Null(h.Rules.Current.Connect(IPAddress.Parse("192.0.2.9")));
    }

    public void Dispose() => _h?.Dispose();
}

public sealed class OurSideAndAccessOnSqlite() : OurSideAndAccessTests(RegistryProvider.Sqlite);

public sealed class OurSideAndAccessOnPostgres() : OurSideAndAccessTests(RegistryProvider.Postgres);
