using System.Net.Http.Json;
using MmsGateway.Testing;
using static MmsGateway.Testing.TwoNodes;

namespace MmsGateway.Relay.IntegrationTests.MultiNode;

/// <summary>The shared registry's PostgreSQL stops while two gateways carry mail (issue 15): nothing is refused or lost
/// for lack of it, /readyz says so without taking the nodes out of service, and once it is back a change made on one
/// node is in force on the other again. A cluster of its own: the other tests' cluster keeps running.</summary>
public sealed class RegistryOutageTests : IAsyncLifetime
{
    private readonly SmtpSink _partner = SmtpSink.Start();
    private PostgresCluster _cluster = null!;
    private TwoNodes _site = null!;

    public async Task InitializeAsync()
    {
        _cluster = PostgresCluster.StartPrivate();
        _site = await TwoNodes.StartAsync(_cluster.CreateDatabase(), deliver: true);
    }

    [Fact]
    public async Task Mail_flows_while_PostgreSQL_is_down_and_changes_reach_every_node_once_it_is_back()
    {
        using var api1 = _site.Api(_site.Gw1);
        using var api2 = _site.Api(_site.Gw2);
        var two = await CreateTwoAsync(api1, _partner.Hop);
        await Eventually.True(async () => (await Rcpt(_site.Gw2)).StartsWith("250", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "gw2 knows Two");

        _cluster.Stop();
        for (var i = 0; i < 20; i++)
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(i % 2 == 0 ? _site.Gw1.Smtp : _site.Gw2.Smtp, $"+4511111111/TYPE=PLMN@{Ours}",
                $"+45222222{i:00}/TYPE=PLMN@{Mnc002}", $"X-Mms-Message-Type: MM4_forward.REQ\r\nSubject: during the outage {i}\r\n\r\nbody"));
        await Eventually.True(() => Task.FromResult(_partner.Messages.Count == 20), TimeSpan.FromSeconds(20), "all 20 delivered without the registry");
        var ready = await ReadyAsync(_site.Gw1);
        Assert.Equal(200, ready.Code);   // still taking mail: not taken out of service for a database it does not need
        Assert.StartsWith("degraded: PostgreSQL unreachable", ready.Checks.GetProperty("registry").GetString());

        _cluster.Start();
        await Eventually.True(async () => (await api2.PostAsJsonAsync($"/api/operators/{two}/status",
            new { status = "RejectingTemporarily", reason = "after the outage" })).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "gw2 writes again");
        await Eventually.True(async () => (await Rcpt(_site.Gw1)).StartsWith('4'), TimeSpan.FromSeconds(15), "gw1 has gw2's change");
        await Eventually.True(async () => (await ReadyAsync(_site.Gw1)).Checks.GetProperty("registry-changes").GetString()!.StartsWith("ok"),
            TimeSpan.FromSeconds(15), "gw1 listens again");
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _partner.DisposeAsync();
        _cluster.Dispose();
    }
}
