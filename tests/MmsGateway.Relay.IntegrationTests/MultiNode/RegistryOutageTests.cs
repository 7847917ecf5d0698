using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.MultiNode;

/// <summary>The shared registry's PostgreSQL stops while two gateways carry mail (issue 15): nothing is refused or lost
/// for lack of it, /readyz says so without taking the nodes out of service, and once it is back a change made on one
/// node is in force on the other again. A cluster of its own: the other tests' cluster keeps running.</summary>
public sealed class RegistryOutageTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc002 = "mms.mnc002.mcc238.gprs";
    private readonly TempDir _dir1 = new(), _dir2 = new();
    private readonly SmtpSink _partner = SmtpSink.Start();
    private PostgresCluster _cluster = null!;
    private string _token = "";
    private GatewayProcess _gw1 = null!, _gw2 = null!;

    public async Task InitializeAsync()
    {
        _cluster = PostgresCluster.StartPrivate();
        string[] registry = ["--Registry:Provider", "Postgres", "--ConnectionStrings:Registry", _cluster.CreateDatabase()];
        var token = await GatewayProcess.RunCliAsync(_dir1.Path, null, ["token", "add", "noc", "--role", "Admin", .. registry]);
        Assert.True(token.ExitCode == 0, token.Error);
        _token = token.Output.Trim();
        string[] args = [.. registry, "--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "true"];
        var starting = new[] { GatewayProcess.StartAsync(_dir1.Path, [.. args, "--Gateway:Node:Name", "gw1"]),
            GatewayProcess.StartAsync(_dir2.Path, [.. args, "--Gateway:Node:Name", "gw2"]) };
        (_gw1, _gw2) = (await starting[0], await starting[1]);
    }

    private HttpClient Api(GatewayProcess gw)
    {
        var http = new HttpClient { BaseAddress = gw.Web };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return http;
    }

    private static async Task<string> Rcpt(GatewayProcess gw)
    {
        await using var c = await RawSmtp.ConnectAsync(gw.Smtp);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO mmsc.mnc001.mcc238.gprs");
        await c.CommandAsync($"MAIL FROM:<+4511111111/TYPE=PLMN@{Ours}>");
        return await c.CommandAsync($"RCPT TO:<+4522222222/TYPE=PLMN@{Mnc002}>");
    }

    [Fact]
    public async Task Mail_flows_while_PostgreSQL_is_down_and_changes_reach_every_node_once_it_is_back()
    {
        using var api1 = Api(_gw1);
        using var api2 = Api(_gw2);
        var two = await (await api1.PostAsJsonAsync("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { _partner.Hop } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        await Eventually.True(async () => (await Rcpt(_gw2)).StartsWith("250", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "gw2 knows Two");

        _cluster.Stop();
        for (var i = 0; i < 20; i++)
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(i % 2 == 0 ? _gw1.Smtp : _gw2.Smtp, $"+4511111111/TYPE=PLMN@{Ours}",
                $"+45222222{i:00}/TYPE=PLMN@{Mnc002}", $"X-Mms-Message-Type: MM4_forward.REQ\r\nSubject: during the outage {i}\r\n\r\nbody"));
        await Eventually.True(() => Task.FromResult(_partner.Messages.Count == 20), TimeSpan.FromSeconds(20), "all 20 delivered without the registry");
        var ready = await _gw1.Web.GetReadyAsync();
        Assert.Equal(200, ready.Code);   // still taking mail: not taken out of service for a database it does not need
        Assert.StartsWith("degraded: PostgreSQL unreachable", ready.Checks.GetProperty("registry").GetString());

        _cluster.Start();
        await Eventually.True(async () => (await api2.PostAsJsonAsync($"/api/operators/{two.GetProperty("id").GetInt32()}/status",
            new { status = "RejectingTemporarily", reason = "after the outage" })).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "gw2 writes again");
        await Eventually.True(async () => (await Rcpt(_gw1)).StartsWith('4'), TimeSpan.FromSeconds(15), "gw1 has gw2's change");
        await Eventually.True(async () => (await _gw1.Web.GetReadyAsync()).Checks.GetProperty("registry-changes").GetString()!.StartsWith("ok"),
            TimeSpan.FromSeconds(15), "gw1 listens again");
    }

    public async Task DisposeAsync()
    {
        await _gw1.DisposeAsync();
        await _gw2.DisposeAsync();
        await _partner.DisposeAsync();
        _cluster.Dispose();
        _dir1.Dispose();
        _dir2.Dispose();
    }
}

internal static class Readiness
{
    public static async Task<(int Code, JsonElement Checks)> GetReadyAsync(this Uri web)
    {
        using var http = new HttpClient { BaseAddress = web };
        var response = await http.GetAsync("/readyz");
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks"));
    }
}
