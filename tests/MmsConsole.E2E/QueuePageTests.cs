using System.Net.Http.Json;
using MmsGateway.Testing;
using static Microsoft.Playwright.Assertions;

namespace MmsConsole.E2E;

/// <summary>The queue page over a parked operator: a filter with negation, and a message's detail.</summary>
public sealed class QueuePageTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc002 = "mms.mnc002.mcc238.gprs";
    private ConsoleSession _s = null!;

    public async Task InitializeAsync()
    {
        _s = await ConsoleSession.StartAsync("--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "true");
        var http = _s.Api;
        var created = await (await http.PostAsJsonAsync("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { "[127.0.0.1]:9" } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        (await http.PostAsJsonAsync($"/api/operators/{created.GetProperty("id").GetInt32()}/status", new { status = "Holding", by = "setup" })).EnsureSuccessStatusCode();
        foreach (var msisdn in new[] { "+4533333301", "+4533333302", "+4544444401", "+4544444402" })
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(_s.Gateway.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"{msisdn}/TYPE=PLMN@{Mnc002}",
                $"X-Mms-Message-Type: MM4_forward.REQ\r\nX-Mms-Transaction-ID: T-{msisdn}\r\nTo: {msisdn}/TYPE=PLMN\r\n\r\nhello"));
    }

    [Fact]
    public async Task A_negated_recipient_filter_selects_the_other_messages_and_a_row_opens_its_detail()
    {
        var page = await _s.OpenAsync("/queue");
        await Expect(page.GetByTestId("filter-summary")).ToContainTextAsync("4 messages");

        await page.Locator("input[data-testid=filter-recipient], [data-testid=filter-recipient] input").First.FillAsync("+4533");
        await page.GetByTestId("filter-not-recipient").ClickAsync();
        await page.GetByTestId("filter-apply").ClickAsync();

        await Expect(page.GetByTestId("filter-summary")).ToContainTextAsync("2 messages, 2 recipients match !R+4533");
        // The summary and the table are two renders: wait for the rows, not only for the words above them.
        await Expect(page.GetByTestId("row-recipients")).ToHaveCountAsync(2);
        var recipients = await page.GetByTestId("row-recipients").AllTextContentsAsync();
        Assert.All(recipients, r => Assert.StartsWith("+4544444", r));

        await page.GetByTestId("row-recipients").First.ClickAsync();
        await Expect(page.GetByTestId("detail-headers")).ToContainTextAsync("X-Mms-Transaction-ID");
        await Expect(page.GetByTestId("message-detail")).ToContainTextAsync("held");
        await page.WaitForTimeoutAsync(500);   // the drawer slides in
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "queue.png") });
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();
}
