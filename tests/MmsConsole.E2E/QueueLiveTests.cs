using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MmsGateway.Testing;
using static Microsoft.Playwright.Assertions;

namespace MmsConsole.E2E;

/// <summary>The queue page stays live (issue 13): new mail announced, rows that leave the queue shown
/// as such after a bring-up, one message's own actions and its MIME parts in the drawer, all on 1366 px.</summary>
public sealed class QueueLiveTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc003 = "mms.mnc003.mcc238.gprs";
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    private ConsoleSession _s = null!;
    private SmtpSink _sink = null!;
    private int _three;

    public async Task InitializeAsync()
    {
        _sink = SmtpSink.Start();
        _s = await ConsoleSession.StartAsync("--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "true");
        var created = await (await _s.Api.PostAsJsonAsync("/api/operators", new { name = "Three", domains = new[] { Mnc003 }, nextHops = new[] { _sink.Hop } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        _three = created.GetProperty("id").GetInt32();
        (await _s.Api.PostAsJsonAsync($"/api/operators/{_three}/status", new { status = "Holding", reason = "INC-1 their gateway is down" })).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++) await SendAsync($"+453333330{i}", "hello");
    }

    private Task SendAsync(string msisdn, string body, string headers = "") =>
        RawSmtp.SendMessageAsync(_s.Gateway.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"{msisdn}/TYPE=PLMN@{Mnc003}",
            $"X-Mms-Message-Type: MM4_forward.REQ\r\nTo: {msisdn}/TYPE=PLMN\r\n{headers}\r\n{body}")
            .ContinueWith(t => Assert.StartsWith("250", t.Result));

    private static string Mms() =>
        "--b1\r\nContent-Type: application/smil\r\nContent-ID: <smil>\r\n\r\n<smil><body><par><img src=\"cid:pic\"/></par></body></smil>\r\n" +
        "--b1\r\nContent-Type: image/png\r\nContent-ID: <pic>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Png + "\r\n--b1--";

    [Fact]
    public async Task New_mail_is_announced_a_message_is_acted_on_from_the_drawer_and_delivered_rows_show_they_left()
    {
        var page = await _s.OpenAsync("/queue");
        await Expect(page.GetByTestId("filter-summary")).ToContainTextAsync("3 messages");
        await Expect(page.GetByTestId("row-operator").First).ToContainTextAsync("Three");
        await Expect(page.GetByTestId("row-operator").First).ToContainTextAsync(Mnc003);

        await SendAsync("+4533333398", "hello again");
        await SendAsync("+4533333399", Mms(), "MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"application/smil\"; boundary=\"b1\"\r\n");
        await Expect(page.GetByTestId("queue-new")).ToContainTextAsync("2 new messages", new() { Timeout = 10_000 });
        Assert.Equal(3, await page.GetByTestId("row-id").CountAsync());   // announced, not slipped under the reader
        await page.GetByTestId("queue-show-new").ClickAsync();
        await Expect(page.GetByTestId("row-id")).ToHaveCountAsync(5);

        await page.GetByTestId("row-recipients").Filter(new() { HasText = "+4533333399" }).ClickAsync();
        await page.GetByTestId("detail-parts-show").ClickAsync();
        await Expect(page.GetByTestId("detail-parts")).ToContainTextAsync("multipart/related");
        await Expect(page.GetByTestId("detail-part-text")).ToContainTextAsync("<img src=\"cid:pic\"/>");
        var image = page.GetByTestId("detail-part-image");
        await Expect(image).ToBeVisibleAsync();
        await Eventually.True(async () => await image.EvaluateAsync<int>("i => i.naturalWidth") == 1, TimeSpan.FromSeconds(10), "the picture loads from the API");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "queue-drawer-parts.png") });

        await page.GetByTestId("detail-delete").ClickAsync();
        await page.Locator("input[data-testid=confirm-reason], [data-testid=confirm-reason] input").First.FillAsync("INC-9 a test message");
        await page.GetByTestId("confirm-ok").ClickAsync();
        await Expect(page.GetByTestId("detail-gone")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("row-id")).ToHaveCountAsync(4);

        (await _s.Api.PostAsJsonAsync($"/api/operators/{_three}/status", new { status = "Active", reason = "INC-1 back" })).EnsureSuccessStatusCode();
        await Expect(page.GetByTestId("row-state").Filter(new() { HasText = "left the queue" })).ToHaveCountAsync(4, new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("filter-summary")).ToContainTextAsync("0 messages");
        Assert.Equal(4, _sink.Messages.Count);

        var size = await page.Locator("[data-testid=queue-table] th", new() { HasText = "Size" }).BoundingBoxAsync();
        Assert.True(size is not null && size.X + size.Width <= 1366, $"the Size column ends at {size?.X + size?.Width} px");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") <= 0, "the queue page scrolls sideways");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "queue-live.png") });

        var audit = await _s.Api.GetStringAsync("/api/audit?action=queue.delete");
        Assert.Contains("INC-9 a test message", audit);
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        await _sink.DisposeAsync();
    }
}
