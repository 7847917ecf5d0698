using System.Net;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Api;

/// <summary>The relay core's queue and capture operations over HTTP, on a live relay.</summary>
public sealed class QueueApiTests
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";

    private static async Task<string> QueueOne(GatewayAppFactory app) =>
        (await RawSmtp.SendMessageAsync(app.Smtp, "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs", $"+4512345678/TYPE=PLMN@{Mnc002}",
            "X-Mms-Message-Type: MM4_forward.REQ\r\nTo: +4512345678/TYPE=PLMN\r\n\r\nhello")).Split(' ')[^1];

    [Fact]
    public async Task Search_hold_release_flush_and_read_a_queued_message()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        var id = await QueueOne(app);

        var page = await http.GetJson($"/api/queue?select=D{Mnc002}&select=R%2B4512");
        Assert.Equal(1, page.GetProperty("totalMessages").GetInt32());
        Assert.Equal(id, page.GetProperty("items")[0].GetProperty("queueId").GetString());
        Assert.Equal(0, (await http.GetJson("/api/queue?select=!R%2B4512")).GetProperty("totalMessages").GetInt32());

        var held = await (await http.Post("/api/queue/hold", new { select = new[] { $"I{id}" } })).Json();
        Assert.Equal(1, held.GetProperty("recipients").GetInt32());
        Assert.Equal(1, (await http.GetJson("/api/queue/counts")).GetProperty("held").GetInt32());
        Assert.Equal(1, (await (await http.Post("/api/queue/release", new { select = new[] { $"D{Mnc002}" } })).Json()).GetProperty("recipients").GetInt32());

        var flush = await http.Post("/api/queue/flush", new { select = new[] { $"D{Mnc002}" } });
        Assert.Equal(HttpStatusCode.Accepted, flush.StatusCode);
        var location = flush.Headers.Location!.ToString();
        Assert.Equal(1, (await flush.Json()).GetProperty("selected").GetInt32());
        Assert.StartsWith("/api/queue/flushes/", location);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(location)).StatusCode);

        var message = await http.GetStringAsync($"/api/queue/{id}/message");
        Assert.Contains("X-Mms-Message-Type: MM4_forward.REQ\r\nTo: +4512345678/TYPE=PLMN\r\n", message);
    }

    [Fact]
    public async Task Dangerous_or_malformed_queue_requests_are_refused_with_a_reason()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        await QueueOne(app);

        var everything = await http.Post("/api/queue/delete", new { });
        Assert.Equal(HttpStatusCode.BadRequest, everything.StatusCode);
        Assert.Contains("whole queue", (await everything.Json()).GetProperty("errors").GetProperty("select")[0].GetString());
        var noReason = await http.Post("/api/queue/bounce", new { select = new[] { $"D{Mnc002}" } });
        Assert.Contains("a reason is required", (await noReason.Json()).GetProperty("errors").GetProperty("reason")[0].GetString());
        var badTerm = await http.GetAsync("/api/queue?select=Xyz");
        Assert.Contains("unknown selection letter", (await badTerm.Json()).GetProperty("errors").GetProperty("select")[0].GetString());
        Assert.Equal(1, (await http.GetJson("/api/queue/counts")).GetProperty("messages").GetInt32());

        var deleted = await (await http.Post("/api/queue/delete", new { all = true })).Json();
        Assert.Equal(1, deleted.GetProperty("recipients").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/queue/flushes/999")).StatusCode);
    }

    [Fact]
    public async Task Traffic_capture_starts_lists_and_stops_and_refuses_a_bad_peer()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();

        var started = await http.Post("/api/captures", new { kind = "Client", peer = "127.0.0.1", minutes = 5, reason = "Nokia MMSC continuation lines" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var capture = await started.Json();
        Assert.True(capture.GetProperty("active").GetBoolean());
        await QueueOne(app);
        var listed = (await http.GetJson("/api/captures"))[0];
        var transcript = listed.GetProperty("transcripts")[0].GetString();
        var text = await http.GetStringAsync($"/api/captures/{listed.GetProperty("id").GetInt32()}/{transcript}");
        Assert.Contains("MM4_forward.REQ", text);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/captures/{capture.GetProperty("id").GetInt32()}")).StatusCode);
        var bad = await http.Post("/api/captures", new { kind = "Client", peer = "not-an-address" });
        Assert.Contains("is not an IP address", (await bad.Json()).GetProperty("errors").GetProperty("peer")[0].GetString());
        var tooLong = await http.Post("/api/captures", new { kind = "Destination", peer = Mnc002, minutes = 100000 });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }
}
