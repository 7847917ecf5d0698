using System.Net.Http.Json;
using System.Text.Json;
using MmsGateway.Relay.Queue;
using MmsGateway.Testing;
using static MmsGateway.Testing.TwoNodes;

namespace MmsGateway.Relay.IntegrationTests.MultiNode;

/// <summary>One queue over the site (issue 15): any node lists every node's messages with the node that holds them,
/// an action reaches the holding node on behalf of the user who asked, and a node that does not answer is named as
/// such rather than counted as empty.</summary>
public sealed class SiteQueueTests : IAsyncLifetime
{
    private string _database = "";
    private TwoNodes _site = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresCluster.Shared.CreateDatabase();
        _site = await TwoNodes.StartAsync(_database);
    }

    private static Task<string> SendAsync(GatewayProcess gw, string subject) =>
        RawSmtp.SendMessageAsync(gw.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"+4522222222/TYPE=PLMN@{Ours}", $"Subject: {subject}\r\n\r\nbody");

    [Fact]
    public async Task Gw2_lists_the_messages_gw1_holds_with_their_node_and_holds_one_of_them_on_gw1()
    {
        Assert.StartsWith("250", await SendAsync(_site.Gw1, "on gw1"));
        Assert.StartsWith("250", await SendAsync(_site.Gw1, "on gw1 too"));
        Assert.StartsWith("250", await SendAsync(_site.Gw2, "on gw2"));
        using var api1 = _site.Api(_site.Gw1);
        using var api2 = _site.Api(_site.Gw2);

        var page = await api2.GetFromJsonAsync<JsonElement>("/api/queue");
        Assert.True(page.GetProperty("totalMessages").GetInt32() == 3, page.ToString());
        var rows = page.GetProperty("items").EnumerateArray().Select(i => (Node: i.GetProperty("node").GetString()!, Id: i.GetProperty("queueId").GetString()!)).ToList();
        Assert.Equal(["gw1", "gw1", "gw2"], rows.Select(r => r.Node).Order());
        Assert.Equal([(false, "gw1", 2), (false, "gw2", 1)], page.GetProperty("nodes").EnumerateArray()
            .Select(n => (n.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String, n.GetProperty("node").GetString(), n.GetProperty("messages").GetInt32())));
        // The node is in the id too: two nodes never mint the same one.
        Assert.Single(rows.Select(r => QueueId.TryParse(r.Id, out var id) ? id.Node : -1).Where((n, i) => rows[i].Node == "gw1").Distinct());
        Assert.NotEqual(rows.Where(r => r.Node == "gw1").Select(r => Parse(r.Id).Node).First(), Parse(rows.Single(r => r.Node == "gw2").Id).Node);

        // Each heartbeat carries its node's depth and rules revision: any console adds the site up without asking.
        await Eventually.True(async () => (await api2.GetFromJsonAsync<JsonElement>("/api/nodes")).EnumerateArray()
            .Select(n => n.GetProperty("load")).Where(l => l.ValueKind == JsonValueKind.Object).Select(l => l.GetProperty("messages").GetInt32()).Order()
            .SequenceEqual([1, 2]), TimeSpan.FromSeconds(5), "gw1 says 2 queued and gw2 1 in their heartbeats");

        // One Prometheus scrapes the site: every series of gw1 says node="gw1", whatever else it has.
        var metrics = await api1.GetStringAsync("/metrics");
        Assert.Equal(2, PrometheusText.Value(metrics, "mm4_queue_messages", ("node", "gw1")));
        Assert.All(PrometheusText.Samples(metrics).Where(m => m.Name.StartsWith("mm4_", StringComparison.Ordinal)),
            m => Assert.Equal("gw1", m.Labels.GetValueOrDefault("node")));
        Assert.NotNull(PrometheusText.Value(metrics, "mm4_smtp_sessions_refused_total", ("node", "gw1"), ("limit", "total")));

        var target = rows.First(r => r.Node == "gw1").Id;
        var held = await (await api2.PostAsJsonAsync("/api/queue/hold", new { select = new[] { "I" + target }, reason = "ticket 4711" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, held.GetProperty("recipients").GetInt32());
        Assert.Equal([("gw1", 1), ("gw2", 0)], held.GetProperty("nodes").EnumerateArray()
            .Select(n => (n.GetProperty("node").GetString(), n.GetProperty("recipients").GetInt32())).OrderBy(n => n.Item1));

        // One message and its headers, read on gw1 through gw2 (the console's drawer); one gw1 does not hold is a 404.
        Assert.Equal("held", (await api2.GetFromJsonAsync<JsonElement>($"/api/queue/{target}?node=gw1")).GetProperty("recipients")[0].GetProperty("state").GetString());
        var headers = await api2.GetFromJsonAsync<JsonElement>($"/api/queue/{target}/headers?node=gw1");
        Assert.Contains(headers.EnumerateArray(), h => h.GetProperty("name").GetString() == "Subject" && h.GetProperty("value").GetString()!.StartsWith("on gw1", StringComparison.Ordinal));
        Assert.Equal(404, (int)(await api2.GetAsync($"/api/queue/{rows.Single(r => r.Node == "gw2").Id}?node=gw1")).StatusCode);

        var onGw1 = await api1.GetFromJsonAsync<JsonElement>("/api/queue?node=gw1&select=Theld");
        Assert.Equal(target, Assert.Single(onGw1.GetProperty("items").EnumerateArray()).GetProperty("queueId").GetString());
        // gw1 recorded the hold as done by the token that asked on gw2, through gw2.
        var audit = await api1.GetFromJsonAsync<JsonElement>("/api/audit?action=queue.hold");
        var record = audit.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("node").GetString() == "gw1");
        Assert.Equal("token:noc", record.GetProperty("user").GetString());
        Assert.Contains("(via gw2)", record.GetProperty("details").GetString());
        Assert.Equal("ticket 4711", record.GetProperty("reason").GetString());

        // Aimed at one node: only its messages; a name that is no node is a clear 400.
        Assert.Equal(1, (await api1.GetFromJsonAsync<JsonElement>("/api/queue?node=gw2")).GetProperty("totalMessages").GetInt32());
        var unknown = await api1.GetAsync("/api/queue?node=gw9");
        Assert.Equal(400, (int)unknown.StatusCode);
        Assert.Contains("No node 'gw9' in this site (nodes: gw1, gw2)", await unknown.Content.ReadAsStringAsync());

        // A node ticket is sealed by the site's key ring: one made up is refused.
        using var forger = new HttpClient { BaseAddress = _site.Gw1.Web };
        forger.DefaultRequestHeaders.Add("X-Mm4-Node-Ticket", "CfDJ8" + new string('A', 120));
        Assert.Equal(401, (int)(await forger.PostAsJsonAsync("/api/queue/release", new { select = new[] { "I" + target } })).StatusCode);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_is_named_with_the_reason_and_its_messages_are_not_counted_as_zero()
    {
        Assert.StartsWith("250", await SendAsync(_site.Gw1, "on gw1"));
        Assert.StartsWith("250", await SendAsync(_site.Gw2, "on gw2"));
        await _site.Gw1.KillAsync();
        using var api2 = _site.Api(_site.Gw2);

        var page = await api2.GetFromJsonAsync<JsonElement>("/api/queue");

        Assert.True(page.GetProperty("totalMessages").GetInt32() == 1, page.ToString());
        var gw1 = page.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == "gw1");
        Assert.Equal(JsonValueKind.Null, gw1.GetProperty("messages").ValueKind);
        Assert.Matches("gw1 (unreachable|is not beating)", gw1.GetProperty("error").GetString());
    }

    private static QueueId Parse(string text) => QueueId.TryParse(text, out var id) ? id : throw new FormatException(text);

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        PostgresCluster.Shared.DropDatabase(_database);
    }
}
