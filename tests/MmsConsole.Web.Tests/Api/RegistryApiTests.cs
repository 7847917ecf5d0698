using System.Diagnostics;
using System.Net;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Api;

public sealed class RegistryApiTests
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";
    private const string Sender = "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs";

    private static object Two => new { name = "Operator Two", domains = new[] { Mnc002 }, nextHops = new[] { "[127.0.0.1]:9" }, mcc = "238", mnc = "002" };

    [Fact]
    public async Task A_status_switched_through_the_api_is_obeyed_by_the_next_rcpt_of_a_session_already_open()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        var created = await http.Post("/api/operators", Two);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Json()).GetProperty("id").GetInt32();

        await using var smtp = await RawSmtp.ConnectAsync(app.Smtp);
        await smtp.ReadReplyAsync();
        await smtp.CommandAsync("EHLO mmsc.mnc001.mcc238.gprs");
        Assert.StartsWith("250", await smtp.CommandAsync($"MAIL FROM:<{Sender}>"));
        Assert.StartsWith("250", await smtp.CommandAsync($"RCPT TO:<+4511111111/TYPE=PLMN@{Mnc002}>"));

        var clock = Stopwatch.StartNew();
        var switched = await http.Post($"/api/operators/{id}/status",
            new { status = "RejectingPermanently", text = "Operator Two is down for an upgrade", reason = "INC-4711" });
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        var refused = await smtp.CommandAsync($"RCPT TO:<+4522222222/TYPE=PLMN@{Mnc002}>");
        var elapsed = clock.Elapsed;
        Assert.Equal($"550 5.7.1 <+4522222222/TYPE=PLMN@{Mnc002}>: Operator Two is down for an upgrade", refused);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed}");

        await http.Post($"/api/operators/{id}/status", new { status = "RejectingTemporarily" });
        Assert.StartsWith("451 4.7.1", await smtp.CommandAsync($"RCPT TO:<+4533333333/TYPE=PLMN@{Mnc002}>"));
        await http.Post($"/api/operators/{id}/status", new { status = "Active" });
        Assert.StartsWith("250", await smtp.CommandAsync($"RCPT TO:<+4544444444/TYPE=PLMN@{Mnc002}>"));

        var history = await http.GetJson($"/api/operators/{id}/status-history");
        Assert.Equal(3, history.GetArrayLength());
        Assert.Equal(("token:noc-anna", "INC-4711"), (history[2].GetProperty("by").GetString(), history[2].GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Invalid_rules_are_refused_as_problem_details_naming_each_field()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();

        var bad = await http.Post("/api/operators", new { name = "X", domains = new[] { "bad..domain" }, nextHops = new[] { "[10.0.0.1" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await bad.Json()).GetProperty("errors");
        Assert.Contains("not a domain", errors.GetProperty("domains[0]")[0].GetString());
        Assert.Contains("no closing ']'", errors.GetProperty("nextHops[0]")[0].GetString());

        var cidr = await http.PutAsync("/api/our-side", System.Net.Http.Json.JsonContent.Create(new
            { domains = Array.Empty<object>(), relayClients = new[] { new { pattern = "10.0.0.1/8" } } }));
        Assert.Contains("not a valid CIDR", (await cidr.Json()).GetProperty("errors").GetProperty("relayClients[0].pattern")[0].GetString());

        await http.Post("/api/operators", Two);
        var duplicate = await http.Post("/api/operators", new { name = "Another", domains = new[] { Mnc002 }, nextHops = new[] { "[10.0.0.2]" } });
        Assert.Contains("already belongs to operator Operator Two", (await duplicate.Json()).GetProperty("errors").GetProperty("domains[0]")[0].GetString());

        var unreadable = await http.PostAsync("/api/operators/1/status", new StringContent("{\"status\":\"Sideways\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("$.status", (await unreadable.Json()).GetProperty("detail").GetString());

        var missing = await http.GetAsync("/api/operators/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("No operator 999", (await missing.Json()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/no-such-thing")).StatusCode);
    }

    [Fact]
    public async Task Sendmail_maps_import_and_export_through_the_api_and_the_rules_in_force_show_the_result()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();

        var import = await http.Post("/api/sendmail/import", new
        {
            mailertable = "mms.mnc002.mcc238.gprs  smtp:[10.0.0.2]:[10.0.0.3]\nmms.mnc001.mcc238.gprs smtp:[10.1.0.5]\n",
            access = "Connect:10.1.0.5 RELAY\nTo:mms.mnc001.mcc238.gprs RELAY\nFrom:mms.mnc002.mcc238.gprs OK\n",
        });
        var report = await import.EnsureSuccessStatusCode().Json();
        Assert.Equal("1 operators, 1 own domains, 1 relay clients, 0 access entries; 3 mapped, 2 merged, 0 left out", report.GetProperty("summary").GetString());

        var mailertable = await http.GetStringAsync("/api/sendmail/mailertable");
        Assert.Contains("mms.mnc002.mcc238.gprs                  smtp:[10.0.0.2]:[10.0.0.3]", mailertable);
        var access = await http.GetStringAsync("/api/sendmail/access");
        Assert.Contains("From:mms.mnc002.mcc238.gprs              OK", access);

        var rules = await http.GetJson("/api/rules");
        Assert.Equal(1, rules.GetProperty("registryRevision").GetInt64());
        Assert.Contains(rules.GetProperty("routes").EnumerateArray(), r => r.GetProperty("key").GetString() == "mms.mnc001.mcc238.gprs" && r.GetProperty("local").GetBoolean());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_registry_queue_and_capture_operations()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        var paths = (await http.GetJson("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/operators", "/api/operators/{id}/status", "/api/access", "/api/our-side", "/api/queue", "/api/queue/flush",
                     "/api/queue/hold", "/api/queue/release", "/api/queue/delete", "/api/queue/bounce", "/api/captures", "/api/sendmail/import", "/api/rules" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
    }
}
