using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace MmsGateway.Testing;

/// <summary>A site of two real gateway processes (gw1, gw2), each with its own spool, sharing one registry database on
/// a real PostgreSQL, and an admin token made through gw1's registry.</summary>
public sealed class TwoNodes : IAsyncDisposable
{
    public const string Ours = "mms.mnc001.mcc238.gprs", Mnc002 = "mms.mnc002.mcc238.gprs";
    private readonly TempDir _dir1 = new(), _dir2 = new();
    private readonly string[] _args;

    private TwoNodes(string[] registry, string token, bool deliver)
    {
        Registry = registry;
        Token = token;
        _args = [.. registry, "--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:LocalDomains:0", Ours, "--Gateway:Delivery:Enabled", deliver ? "true" : "false"];
    }

    public string[] Registry { get; }

    public string Token { get; }

    public GatewayProcess Gw1 { get; private set; } = null!;

    public GatewayProcess Gw2 { get; private set; } = null!;

    public static async Task<TwoNodes> StartAsync(string database, bool deliver = false)
    {
        string[] registry = ["--Registry:Provider", "Postgres", "--ConnectionStrings:Registry", database];
        using var first = new TempDir();
        var token = await GatewayProcess.RunCliAsync(first.Path, null, ["token", "add", "noc", "--role", "Admin", .. registry]);
        Assert.True(token.ExitCode == 0, token.Error);
        var nodes = new TwoNodes(registry, token.Output.Trim(), deliver);
        var starting = new[] { nodes.StartNodeAsync(1), nodes.StartNodeAsync(2) };
        try { await Task.WhenAll(starting); }
        catch
        {
            // xUnit does not dispose a class whose InitializeAsync failed: stop the node that did start.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
            nodes._dir1.Dispose();
            nodes._dir2.Dispose();
            throw;
        }
        (nodes.Gw1, nodes.Gw2) = (starting[0].Result, starting[1].Result);
        using var api = nodes.Api(nodes.Gw1);
        await AnnouncedAsync(api, 2);
        return nodes;
    }

    private Task<GatewayProcess> StartNodeAsync(int n) =>
        GatewayProcess.StartAsync((n == 1 ? _dir1 : _dir2).Path, [.. _args, "--Gateway:Node:Name", $"gw{n}"]);

    /// <summary>Waits until <paramref name="count"/> nodes have announced their API in the node list <paramref name="api"/>
    /// gives (each node's first heartbeat after its web host bound): until then the site cannot reach them.</summary>
    public static Task AnnouncedAsync(HttpClient api, int count) =>
        Eventually.True(async () => (await api.GetFromJsonAsync<JsonElement>("/api/nodes")).EnumerateArray()
            .Count(n => n.GetProperty("api").ValueKind == JsonValueKind.String) == count, TimeSpan.FromSeconds(10), $"{count} nodes announced their API");

    /// <summary>Starts gw2 again on its own spool (after a kill).</summary>
    public async Task RestartGw2Async() => Gw2 = await StartNodeAsync(2);

    public HttpClient Api(GatewayProcess gw)
    {
        var http = new HttpClient { BaseAddress = gw.Web };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    /// <summary>Creates operator Two (Mnc002) through <paramref name="api"/>; its id.</summary>
    public static async Task<int> CreateTwoAsync(HttpClient api, string hop) =>
        (await (await api.PostAsJsonAsync("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { hop } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

    /// <summary>One SMTP transaction up to RCPT to Two's domain: the reply to RCPT (or to what refused before it).</summary>
    public static async Task<string> Rcpt(GatewayProcess gw)
    {
        await using var c = await RawSmtp.ConnectAsync(gw.Smtp);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO mmsc.mnc001.mcc238.gprs");
        var mail = await c.CommandAsync($"MAIL FROM:<+4511111111/TYPE=PLMN@{Ours}>");
        return mail[0] != '2' ? mail : await c.CommandAsync($"RCPT TO:<+4522222222/TYPE=PLMN@{Mnc002}>");
    }

    public static async Task<(int Code, JsonElement Checks)> ReadyAsync(GatewayProcess gw)
    {
        using var http = new HttpClient { BaseAddress = gw.Web };
        var response = await http.GetAsync("/readyz");
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks"));
    }

    public async ValueTask DisposeAsync()
    {
        await Gw1.DisposeAsync();
        await Gw2.DisposeAsync();
        _dir1.Dispose();
        _dir2.Dispose();
    }
}
