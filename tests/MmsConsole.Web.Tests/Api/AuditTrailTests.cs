using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MmsConsole.Web.Api;

namespace MmsConsole.Web.Tests.Api;

/// <summary>Every action leaves one record: who, from where, what, the selection or values, and why.</summary>
public sealed class AuditTrailTests
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";

    // One call per audited action, in an order in which each finds what it acts on. A new action
    // with no line here fails the first assertion.
    private static readonly (string Action, string Method, string Url, object? Body)[] Calls =
    [
        ("operator.create", "POST", "/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { "[10.0.0.2]" } }),
        ("operator.update", "PUT", "/api/operators/1", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { "[10.0.0.3]" }, inboundAllowed = true }),
        ("operator.status", "POST", "/api/operators/1/status", new { status = "Holding", reason = "INC-4711 their gateway is down" }),
        ("access.create", "POST", "/api/access", new { kind = "Connect", key = "192.0.2.0/24", action = "Reject", text = "not an MMSC" }),
        ("access.update", "PUT", "/api/access/1", new { kind = "Connect", key = "192.0.2.0/24", action = "Tempfail" }),
        ("access.delete", "DELETE", "/api/access/1", null),
        ("our-side.update", "PUT", "/api/our-side", new { domains = Array.Empty<object>(), relayClients = new[] { new { pattern = "10.1.0.0/24" } } }),
        ("sendmail.import", "POST", "/api/sendmail/import", new { mailertable = "mms.mnc005.mcc238.gprs smtp:[10.0.0.5]", dryRun = true }),
        ("queue.flush", "POST", "/api/queue/flush", new { select = new[] { "D" + Mnc002 } }),
        ("queue.flush-stop", "POST", "/api/queue/flushes/1/stop", null),
        ("queue.hold", "POST", "/api/queue/hold", new { select = new[] { "R+4512" } }),
        ("queue.release", "POST", "/api/queue/release", new { select = new[] { "R+4512" } }),
        ("queue.bounce", "POST", "/api/queue/bounce", new { select = new[] { "R+4599" }, reason = "number ported away" }),
        ("queue.delete", "POST", "/api/queue/delete", new { select = new[] { "!S" + Mnc002 } }),
        ("queue.read-message", "GET", "/api/queue/000000000000/message", null),
        ("queue.read-message", "GET", "/api/queue/000000000000/parts/1", null),
        ("capture.start", "POST", "/api/captures", new { kind = "Client", peer = "10.0.0.7", minutes = 5, reason = "EHLO dispute" }),
        ("capture.read", "GET", "/api/captures/1/nothing.txt", null),
        ("capture.stop", "DELETE", "/api/captures/1", null),
        ("user.create", "POST", "/api/users", new { name = "bob", password = "a long secret password", role = "Viewer" }),
        ("user.update", "PUT", "/api/users/1", new { role = "Operator", password = "another long password" }),
        ("user.unlock", "POST", "/api/users/1/unlock", null),
        ("token.create", "POST", "/api/tokens", new { name = "prometheus", role = "Viewer" }),
        ("token.revoke", "DELETE", "/api/tokens/2", null),
        ("operator.delete", "DELETE", "/api/operators/1", null),
    ];

    [Fact]
    public async Task Each_action_is_recorded_once_with_user_source_selection_and_reason_and_never_a_password()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        var audited = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<AuditedAction>()?.Action).OfType<string>().Order().ToList();
        Assert.Equal(audited, Calls.Select(c => c.Action).Order().ToList());

        foreach (var (action, method, url, body) in Calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = body is null ? null : JsonContent(body),
            };
            using var response = await http.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{method} {url}: {(int)response.StatusCode}");

            var newest = (await http.GetJson("/api/audit?take=1")).GetProperty("records")[0];
            Assert.Equal(action, newest.GetProperty("action").GetString());
            Assert.Equal("token:noc-anna", newest.GetProperty("user").GetString());
            Assert.False(string.IsNullOrEmpty(newest.GetProperty("source").GetString()));
            // One writer for pages and API: the entry names the object, and "via" the request that did it.
            Assert.Contains($"\"via\":\"{method} {url}\"", newest.GetProperty("details").GetString());
            Assert.False(string.IsNullOrEmpty(newest.GetProperty("target").GetString()));
        }

        var all = await http.GetJson("/api/audit?take=1000");
        Assert.Equal(Calls.Length, all.GetProperty("total").GetInt32());
        var text = all.GetRawText();
        Assert.DoesNotContain("a long secret password", text);
        Assert.DoesNotContain("another long password", text);
        var status = all.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("action").GetString() == "operator.status");
        Assert.Equal("INC-4711 their gateway is down", status.GetProperty("reason").GetString());
        Assert.Contains("\"to\":\"Holding\"", status.GetProperty("details").GetString());
        var flush = all.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("action").GetString() == "queue.flush");
        Assert.Equal($"D{Mnc002}", flush.GetProperty("target").GetString());
        var two = all.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("action").GetString() == "operator.update");
        Assert.Equal("Two", two.GetProperty("target").GetString());
        Assert.Contains("\"before\":{", two.GetProperty("details").GetString());
    }

    [Fact]
    public async Task The_trail_exports_as_csv_and_offers_no_way_to_change_it()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        await http.Post("/api/queue/hold", new { select = new[] { "D" + Mnc002 }, reason = "operator asked" });

        var csv = await http.GetAsync("/api/audit/csv?action=queue.");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.Equal(2, lines.Length);
        Assert.Contains($",token:noc-anna,", lines[1]);
        Assert.Contains($",queue.hold,D{Mnc002},operator asked,true,", lines[1]);
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Post })
            Assert.True((await http.SendAsync(new HttpRequestMessage(method, "/api/audit/1"))).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, ApiJson.Options), System.Text.Encoding.UTF8, "application/json");
}
