using System.Net.Http.Json;
using System.Text.Json;
using MmsGateway.Testing;
using static Microsoft.Playwright.Assertions;

namespace MmsConsole.E2E;

/// <summary>Two gateways on one PostgreSQL registry (issue 15): the console on gw2 lists the messages gw1 holds, with
/// their node, and a hold clicked there is done by gw1, in gw1's spool.</summary>
public sealed class SiteQueuePageTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs";
    private readonly TempDir _gw1Dir = new();
    private string _database = "";
    private ConsoleSession _s = null!;
    private GatewayProcess _gw1 = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresCluster.Shared.CreateDatabase();
        string[] node = ["--Registry:Provider", "Postgres", "--ConnectionStrings:Registry", _database,
            "--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:LocalDomains:0", Ours, "--Gateway:Delivery:Enabled", "false"];
        _s = await ConsoleSession.StartAsync([.. node, "--Gateway:Node:Name", "gw2"]);
        _gw1 = await GatewayProcess.StartAsync(_gw1Dir.Path, [.. node, "--Gateway:Node:Name", "gw1"]);
        await TwoNodes.AnnouncedAsync(_s.Api, 2);
        foreach (var (gw, msisdn) in new[] { (_gw1, "+4533333301"), (_gw1, "+4533333302"), (_s.Gateway, "+4544444401") })
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(gw.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"{msisdn}/TYPE=PLMN@{Ours}", "Subject: site\r\n\r\nhello"));
    }

    [Fact]
    public async Task The_console_on_gw2_shows_gw1s_messages_with_their_node_and_holds_one_of_them_on_gw1()
    {
        var page = await _s.OpenAsync("/queue");
        await Expect(page.GetByTestId("filter-summary")).ToContainTextAsync("3 messages");
        await Expect(page.GetByTestId("filter-nodes")).ToContainTextAsync("gw1: 2, gw2: 1");
        await Expect(page.GetByTestId("row-node")).ToHaveCountAsync(3);
        Assert.Equal(["gw1", "gw1", "gw2"], (await page.GetByTestId("row-node").AllTextContentsAsync()).Select(t => t.Trim()).Order());

        var row = page.Locator("tr", new() { Has = page.GetByTestId("row-recipients").Filter(new() { HasText = "+4533333302" }) });
        await Expect(row.GetByTestId("row-node")).ToHaveTextAsync("gw1");
        await row.Locator("input[type=checkbox]").CheckAsync();
        // The checkbox flips in the browser at once; the circuit's selection follows a round trip later.
        await Expect(page.GetByText("Actions apply to the 1 selected messages")).ToBeVisibleAsync();
        await page.GetByTestId("act-hold").ClickAsync();
        await page.Locator("input[data-testid=confirm-reason], [data-testid=confirm-reason] input").First.FillAsync("INC-77 hold for the partner");
        await page.GetByTestId("confirm-ok").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("gw1: 1 recipients");

        // In gw1's own spool, held; the other message of gw1 untouched.
        using var gw1 = new HttpClient { BaseAddress = _gw1.Web };
        gw1.DefaultRequestHeaders.Authorization = _s.Api.DefaultRequestHeaders.Authorization;
        var held = await gw1.GetFromJsonAsync<JsonElement>("/api/queue?node=gw1&select=Theld");
        var item = Assert.Single(held.GetProperty("items").EnumerateArray());
        Assert.StartsWith("+4533333302/", item.GetProperty("recipients")[0].GetProperty("address").GetString());
        await Expect(row.GetByTestId("row-state")).ToHaveTextAsync("held");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "queue-site.png") });

        // A flush of the whole filter starts on each node, each saying what it selected (gw1's held one stays parked),
        // and the Flush runs page shows gw1's run beside this node's.
        await row.Locator("input[type=checkbox]").UncheckAsync();
        await Expect(page.GetByText("Actions apply to every recipient matching the filter")).ToBeVisibleAsync();
        await page.GetByTestId("act-flush").ClickAsync();
        await page.Locator("input[data-testid=confirm-reason], [data-testid=confirm-reason] input").First.FillAsync("INC-77 retry");
        await page.GetByTestId("confirm-ok").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("gw1: flush started, 1 recipients");
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("gw2: flush started, 1 recipients");
        var flushes = await _s.OpenAsync("/flushes");
        await Expect(flushes.GetByTestId("flushes-node-gw1")).ToContainTextAsync("(all)");
        await Expect(flushes.GetByTestId("flushes")).ToBeVisibleAsync();   // this node's own run, as before

        // A message of gw1 opens in the drawer of gw2's console, read on gw1: recipients and headers, and where it is.
        await page.BringToFrontAsync();
        await row.GetByTestId("row-recipients").ClickAsync();
        await Expect(page.GetByTestId("detail-node")).ToContainTextAsync("Held by node gw1");
        await Expect(page.GetByTestId("detail-headers")).ToContainTextAsync("Subject");
        await Expect(page.GetByTestId("message-detail")).ToContainTextAsync("held");
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        await _gw1.DisposeAsync();
        _gw1Dir.Dispose();
        PostgresCluster.Shared.DropDatabase(_database);
    }
}
