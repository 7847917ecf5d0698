using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.MultiNode;

/// <summary>Two real gateway processes, each with its own spool, sharing one registry on a real PostgreSQL (issue 15):
/// what one node's NOC does is in force on the other within a second, and seen in its audit trail.</summary>
public sealed class TwoGatewaysTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc002 = "mms.mnc002.mcc238.gprs";
    private readonly TempDir _dir1 = new(), _dir2 = new();
    private string _database = "", _token = "";
    private GatewayProcess _gw1 = null!, _gw2 = null!;

    private string[] Registry => ["--Registry:Provider", "Postgres", "--ConnectionStrings:Registry", _database];

    public async Task InitializeAsync()
    {
        _database = PostgresCluster.Shared.CreateDatabase();
        var token = await GatewayProcess.RunCliAsync(_dir1.Path, null, ["token", "add", "noc", "--role", "Admin", .. Registry]);
        Assert.True(token.ExitCode == 0, token.Error);
        _token = token.Output.Trim();
        string[] args = [.. Registry, "--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "false"];
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

    // One SMTP transaction up to RCPT; the reply to RCPT (or to the command that refused before it).
    private static async Task<string> Rcpt(GatewayProcess gw)
    {
        await using var c = await RawSmtp.ConnectAsync(gw.Smtp);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO mmsc.mnc001.mcc238.gprs");
        var mail = await c.CommandAsync($"MAIL FROM:<+4511111111/TYPE=PLMN@{Ours}>");
        return mail[0] != '2' ? mail : await c.CommandAsync($"RCPT TO:<+4522222222/TYPE=PLMN@{Mnc002}>");
    }

    [Fact]
    public async Task An_operator_marked_down_on_one_gateway_is_refused_by_the_other_within_a_second_and_in_its_audit_trail()
    {
        using var api1 = Api(_gw1);
        using var api2 = Api(_gw2);   // the token was made through gw1's registry
        var two = await (await api1.PostAsJsonAsync("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { "[127.0.0.1]:9" } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        await Eventually.True(async () => (await Rcpt(_gw2)).StartsWith("250", StringComparison.Ordinal), TimeSpan.FromSeconds(5),
            "gw2 relays to the operator created on gw1");

        (await api1.PostAsJsonAsync($"/api/operators/{two.GetProperty("id").GetInt32()}/status",
            new { status = "RejectingTemporarily", reason = "their MMSC is down" })).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        string reply;
        do reply = await Rcpt(_gw2);
        while (!reply.StartsWith('4') && clock.Elapsed < TimeSpan.FromSeconds(5));
        var delay = clock.Elapsed;

        Assert.StartsWith("4", reply);
        Assert.True(delay < TimeSpan.FromSeconds(1), $"gw2 refused {delay.TotalMilliseconds:F0} ms after gw1 committed");
        var audit = await api2.GetFromJsonAsync<JsonElement>("/api/audit?action=operator.status");
        var entry = Assert.Single(audit.GetProperty("records").EnumerateArray());
        Assert.Equal("token:noc", entry.GetProperty("user").GetString());
        Assert.Equal("their MMSC is down", entry.GetProperty("reason").GetString());
    }

    public async Task DisposeAsync()
    {
        await _gw1.DisposeAsync();
        await _gw2.DisposeAsync();
        PostgresCluster.Shared.DropDatabase(_database);
        _dir1.Dispose();
        _dir2.Dispose();
    }
}
