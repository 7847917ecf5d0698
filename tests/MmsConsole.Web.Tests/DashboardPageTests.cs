using System.Text.RegularExpressions;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests;

public sealed partial class DashboardPageTests
{
    [Fact]
    public async Task The_first_page_shows_the_relays_own_counts_per_destination()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        var empty = await http.GetStringAsync("/");
        await using (var c = await RawSmtp.ConnectAsync(app.Smtp))
        {
            await c.ReadReplyAsync();
            await c.CommandAsync("EHLO mmsc.mnc001.mcc238.gprs");
            await c.SendAsync("MAIL FROM:<+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs>\r\n" +
                              "RCPT TO:<+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs>\r\nDATA\r\n");
            for (var i = 0; i < 3; i++) await c.ReadReplyAsync();
            Assert.StartsWith("250", await c.CommandAsync("To: +4512345678/TYPE=PLMN\r\n\r\nhello\r\n."));
        }

        var page = await http.GetStringAsync("/");

        Assert.Contains("data-testid=\"queue-empty\"", empty);
        Assert.Equal("1", Depth().Match(page).Groups[1].Value);
        Assert.Contains("mms.mnc002.mcc238.gprs", page);
    }

    [Fact]
    public async Task Healthz_answers_once_the_relay_is_up()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();

        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task The_queue_counts_are_served_as_JSON_for_scripts()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(app.Smtp, "a@mms.mnc001.mcc238.gprs",
            "+4512345678/TYPE=PLMN@mms.mnc003.mcc238.gprs", "To: +4512345678/TYPE=PLMN\r\n\r\nhello"));

        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/queue/counts"));

        Assert.Equal(1, json.RootElement.GetProperty("messages").GetInt32());
        var destination = json.RootElement.GetProperty("destinations")[0];
        Assert.Equal(("mms.mnc003.mcc238.gprs", 1), (destination.GetProperty("domain").GetString(), destination.GetProperty("ready").GetInt32()));
    }

    [GeneratedRegex("data-testid=\"depth-messages\"[^>]*>(\\d+)<")]
    private static partial Regex Depth();
}
