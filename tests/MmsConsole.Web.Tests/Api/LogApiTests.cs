using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.MailLog;

namespace MmsConsole.Web.Tests.Api;

/// <summary>GET /api/log: the delivery log page's search for scripts, over the gateway's real mail log.</summary>
public sealed class LogApiTests
{
    private static void Write(GatewayAppFactory app)
    {
        var writer = app.Services.GetRequiredService<MailLogWriter>();
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        writer.Add(at, "00AAAAAAAA01: from=<+4511111111/TYPE=PLMN@mms.mnc001.mcc238.gprs>, size=100, nrcpts=1, msgid=<T-1@mmsc>, relay=[127.0.0.1], tls=none");
        for (var i = 0; i < 5; i++)
            writer.Add(at.AddSeconds(i + 1), $"00AAAAAAAA0{i + 1}: to=<+451234567{i}/TYPE=PLMN@mms.mnc002.mcc238.gprs>, delay=00:00:01, relay=[10.0.0.2], tls=none, " +
                (i == 2 ? "dsn=4.4.1, stat=Deferred: Connection refused by [10.0.0.2]" : "dsn=2.0.0, stat=Sent (ok)"));
        writer.Flush();
    }

    [Fact]
    public async Task A_viewer_searches_the_mail_log_by_msisdn_with_00_outcome_and_message_id_and_pages_with_the_cursor()
    {
        await using var app = new GatewayAppFactory();
        Write(app);
        using var viewer = app.ClientAs(ConsoleRole.Viewer);

        var byMsisdn = await viewer.GetFromJsonAsync<JsonElement>("/api/log?text=00451234567");
        Assert.Equal(5, byMsisdn.GetProperty("entries").GetArrayLength());
        var notSent = await viewer.GetFromJsonAsync<JsonElement>("/api/log?outcome=notsent");
        var line = Assert.Single(notSent.GetProperty("entries").EnumerateArray());
        Assert.Contains("stat=Deferred: Connection refused by [10.0.0.2]", line.GetProperty("line").GetString());
        var byId = await viewer.GetFromJsonAsync<JsonElement>("/api/log?msgid=%3CT-1@mmsc%3E");
        Assert.Equal(["Attempt", "Accepted"], byId.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        var first = await viewer.GetFromJsonAsync<JsonElement>("/api/log?outcome=attempts&take=3");
        var next = first.GetProperty("next").GetString();
        var second = await viewer.GetFromJsonAsync<JsonElement>($"/api/log?outcome=attempts&take=3&cursor={Uri.EscapeDataString(next!)}");
        Assert.Equal(3, first.GetProperty("entries").GetArrayLength());
        Assert.Equal(2, second.GetProperty("entries").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("/api/log?outcome=lost", "outcome")]
    [InlineData("/api/log?from=yesterday", "from")]
    [InlineData("/api/log?take=0", "take")]
    [InlineData("/api/log?cursor=maillog-19990101-000000:5", "cursor")]
    [InlineData("/api/log?operator=Nine", "operator")]
    public async Task A_bad_search_is_a_problem_naming_the_field(string url, string field)
    {
        await using var app = new GatewayAppFactory();
        using var viewer = app.ClientAs(ConsoleRole.Viewer);

        using var response = await viewer.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }
}
