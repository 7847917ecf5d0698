using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using System.Text.Json;
using MmsGateway.Testing;
using static MmsGateway.Testing.TwoNodes;

namespace MmsGateway.Relay.IntegrationTests.MultiNode;

/// <summary>Two real gateway processes, each with its own spool, sharing one registry on a real PostgreSQL (issue 15):
/// what one node's NOC does is in force on the other within a second, and seen in its audit trail; a node that dies is
/// seen stale by the other, which goes on, and comes back with its own queue.</summary>
public sealed class TwoGatewaysTests : IAsyncLifetime
{
    private string _database = "";
    private TwoNodes _site = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresCluster.Shared.CreateDatabase();
        _site = await TwoNodes.StartAsync(_database);
    }

    [Fact]
    public async Task An_operator_marked_down_on_one_gateway_is_refused_by_the_other_within_a_second_and_in_its_audit_trail()
    {
        using var api1 = _site.Api(_site.Gw1);
        using var api2 = _site.Api(_site.Gw2);   // the token was made through gw1's registry
        var two = await CreateTwoAsync(api1, "[127.0.0.1]:9");
        await Eventually.True(async () => (await Rcpt(_site.Gw2)).StartsWith("250", StringComparison.Ordinal), TimeSpan.FromSeconds(5),
            "gw2 relays to the operator created on gw1");

        (await api1.PostAsJsonAsync($"/api/operators/{two}/status", new { status = "RejectingTemporarily", reason = "their MMSC is down" }))
            .EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        string reply;
        do reply = await Rcpt(_site.Gw2);
        while (!reply.StartsWith('4') && clock.Elapsed < TimeSpan.FromSeconds(5));
        var delay = clock.Elapsed;

        Assert.StartsWith("4", reply);
        Assert.True(delay < TimeSpan.FromSeconds(1), $"gw2 refused {delay.TotalMilliseconds:F0} ms after gw1 committed");
        var audit = await api2.GetFromJsonAsync<JsonElement>("/api/audit?action=operator.status");
        var entry = Assert.Single(audit.GetProperty("records").EnumerateArray());
        Assert.Equal("token:noc", entry.GetProperty("user").GetString());
        Assert.Equal("their MMSC is down", entry.GetProperty("reason").GetString());
        Assert.Equal("gw1", entry.GetProperty("node").GetString());   // which gateway of the site did it
    }

    [Fact]
    public async Task A_node_killed_is_stale_on_the_other_within_ten_seconds_which_goes_on_and_it_comes_back_with_its_queue()
    {
        using var api1 = _site.Api(_site.Gw1);
        var nodes = await api1.GetFromJsonAsync<JsonElement>("/api/nodes");
        Assert.Equal([("gw1", false, true), ("gw2", false, false)], nodes.EnumerateArray()
            .Select(n => (n.GetProperty("name").GetString(), n.GetProperty("stale").GetBoolean(), n.GetProperty("self").GetBoolean())));
        Assert.All(nodes.EnumerateArray(), n => Assert.StartsWith("http://127.0.0.1:", n.GetProperty("api").GetString()));
        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(_site.Gw2.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"+4522222222/TYPE=PLMN@{Ours}",
            "Subject: held by gw2\r\n\r\nbody"));

        await _site.Gw2.KillAsync();
        var clock = Stopwatch.StartNew();
        await Eventually.True(async () => (await api1.GetFromJsonAsync<JsonElement>("/api/nodes")).EnumerateArray()
            .Any(n => n.GetProperty("name").GetString() == "gw2" && n.GetProperty("stale").GetBoolean()), TimeSpan.FromSeconds(10), "gw2 shown stale");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stale after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(_site.Gw1.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"+4522222222/TYPE=PLMN@{Ours}",
            "Subject: gw1 goes on\r\n\r\nbody"));

        await _site.RestartGw2Async();
        using var api2 = _site.Api(_site.Gw2);
        Assert.Equal(1, (await api2.GetFromJsonAsync<JsonElement>("/api/queue/counts")).GetProperty("messages").GetInt32());
        await Eventually.True(async () => (await api1.GetFromJsonAsync<JsonElement>("/api/nodes")).EnumerateArray()
            .All(n => !n.GetProperty("stale").GetBoolean()), TimeSpan.FromSeconds(5), "gw2 alive again");
    }

    [Fact]
    public async Task A_console_form_from_one_gateway_signs_in_on_the_other_and_the_cookie_opens_both()
    {
        const string password = "a long enough pass phrase";
        using (var dir = new TempDir())
        {
            var added = await GatewayProcess.RunCliAsync(dir.Path, password, ["user", "add", "anna", "--role", "Operator", .. _site.Registry]);
            Assert.True(added.ExitCode == 0, added.Error);
        }
        // One cookie jar for both, as a browser behind a site's load balancer: cookies do not care for the port.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

        // The form (and its antiforgery cookie) from gw1, posted to gw2: both nodes must read each other's tokens.
        var form = await browser.GetStringAsync(new Uri(_site.Gw1.Web, "/login"));
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var signedIn = await browser.PostAsync(new Uri(_site.Gw2.Web, "/account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Name"] = "anna", ["Password"] = password, ["ReturnUrl"] = "/queue",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/queue", signedIn.Headers.Location!.OriginalString);

        foreach (var gw in new[] { _site.Gw1, _site.Gw2 })
        {
            var me = await browser.GetFromJsonAsync<JsonElement>(new Uri(gw.Web, "/api/me"));
            Assert.Equal("anna", me.GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(gw.Web, "/queue"))).StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        PostgresCluster.Shared.DropDatabase(_database);
    }
}
