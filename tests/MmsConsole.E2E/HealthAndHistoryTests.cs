using System.Net.Http.Json;
using Microsoft.Playwright;
using MmsGateway.Testing;
using static Microsoft.Playwright.Assertions;

namespace MmsConsole.E2E;

/// <summary>What the console tells a NOC engineer at 3 a.m. (issue 13): a partner that refuses every
/// connection is red, not a green "UP"; every action fits a 1366×768 screen; and a restart of the
/// gateway keeps the evidence (delivery log, last error, flush runs, depth chart).</summary>
public sealed class HealthAndHistoryTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc002 = "mms.mnc002.mcc238.gprs", Mnc003 = "mms.mnc003.mcc238.gprs";
    private ConsoleSession _s = null!;
    private SmtpSink _sink = null!;
    private ClosedPort _closed = null!;

    public async Task InitializeAsync()
    {
        _sink = SmtpSink.Start();
        _closed = new ClosedPort();
        _s = await ConsoleSession.StartAsync("--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "true",
            "--Gateway:Delivery:RetryInitial", "00:00:01", "--Gateway:Delivery:RetryMax", "00:00:02",
            "--Gateway:Health:UnreachableAfter", "00:00:02", "--Gateway:MailLog:FlushInterval", "00:00:00.100");
        (await _s.Api.PostAsJsonAsync("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { _sink.Hop } })).EnsureSuccessStatusCode();
        (await _s.Api.PostAsJsonAsync("/api/operators", new { name = "Three", domains = new[] { Mnc003 }, nextHops = new[] { _closed.Hop } })).EnsureSuccessStatusCode();
    }

    private async Task SendAsync(string msisdn, string domain) =>
        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(_s.Gateway.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"{msisdn}/TYPE=PLMN@{domain}",
            $"X-Mms-Message-Type: MM4_forward.REQ\r\nTo: {msisdn}/TYPE=PLMN\r\n\r\nhello"));

    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    [Fact]
    public async Task A_partner_refusing_every_connection_turns_red_and_every_action_fits_a_1366_screen()
    {
        for (var i = 0; i < 5; i++) await SendAsync($"+453333333{i}", Mnc003);
        await SendAsync("+4522222222", Mnc002);

        var dashboard = await _s.OpenAsync("/");
        var three = dashboard.GetByTestId("chip-Three");
        await Expect(three).ToHaveAttributeAsync("data-health", "unreachable", new() { Timeout = 15_000 });
        await Expect(three).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-color-error"));
        await Expect(three).ToContainTextAsync("UNREACHABLE");
        await Expect(dashboard.GetByTestId("chip-Two")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-color-success"));
        await dashboard.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "dashboard-unreachable.png") });

        var operators = await _s.OpenAsync("/operators");
        await Expect(operators.GetByTestId("status-Three")).ToHaveAttributeAsync("data-health", "unreachable");
        await Expect(operators.GetByTestId("health-reason-Three")).ToContainTextAsync($"Connection refused by {_closed.Hop}");
        await Expect(operators.GetByTestId($"hop-Three-{_closed.Hop}")).ToContainTextAsync("UNREACHABLE");
        await Expect(operators.GetByTestId("error-Three")).ToContainTextAsync($"Connection refused by {_closed.Hop}");
        await Expect(operators.GetByTestId("health-Two")).ToHaveAttributeAsync("data-health", "delivering", new() { Timeout = 10_000 });
        foreach (var name in new[] { "Two", "Three" })
            foreach (var action in new[] { "down", "flush", "edit", "inbound", "op" })
            {
                var element = operators.GetByTestId($"{action}-{name}");
                var box = await element.BoundingBoxAsync();
                var cell = await element.Locator("xpath=ancestor::td[1]").BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= 1366, $"{action}-{name} is outside the 1366 px screen: {box?.X}+{box?.Width}");
                // Inside its own cell, or a fixed-width column would clip it ("ARK DOW").
                Assert.True(box is not null && cell is not null && box.X >= cell.X - 0.5 && box.X + box.Width <= cell.X + cell.Width + 0.5,
                    $"{action}-{name} ({box?.X}+{box?.Width}) does not fit its cell ({cell?.X}+{cell?.Width})");
            }
        var overflow = await operators.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the Operators page scrolls sideways by {overflow} px at 1366×768");
        await operators.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "operators-unreachable.png") });
    }

    [Fact]
    public async Task The_delivery_log_last_error_flush_runs_and_depth_chart_survive_a_restart()
    {
        for (var i = 0; i < 3; i++) await SendAsync($"+453333333{i}", Mnc003);
        await SendAsync("+4522222222", Mnc002);
        var operators = await _s.OpenAsync("/operators");
        await Expect(operators.GetByTestId("error-Three")).ToContainTextAsync("Connection refused", new() { Timeout = 15_000 });
        // A click that lands before the circuit has wired the button opens nothing (seen once in CI): click again.
        var reason = Input(operators, "confirm-reason");
        for (var attempt = 0; attempt < 5 && !await reason.IsVisibleAsync(); attempt++)
        {
            await operators.GetByTestId("flush-Three").ClickAsync();
            try { await reason.WaitForAsync(new() { Timeout = 3000 }); } catch (TimeoutException) { }
        }
        await reason.FillAsync("INC-77 retry Three");
        await operators.GetByTestId("confirm-ok").ClickAsync();
        await Expect(operators.Locator(".mud-snackbar", new() { HasText = "Flush started for Three" })).ToBeVisibleAsync();
        var depth = Path.Combine(_s.DataDirectory, "log", "depth");
        await Eventually.True(() => File.Exists(depth) && new FileInfo(depth).Length > 0, TimeSpan.FromSeconds(30), "a depth point is written every 10 s");
        await Eventually.True(async () =>
        {
            var flushes = await _s.Api.GetFromJsonAsync<List<Dictionary<string, object>>>("/api/queue/flushes");
            return flushes!.Count > 0 && flushes.All(f => f["state"]?.ToString() != "Running");
        }, TimeSpan.FromSeconds(30), "the flush ends (its recipients are attempted and deferred again)");
        var restartedAt = DateTimeOffset.UtcNow;

        await _s.RestartAsync();

        var dashboard = await _s.OpenAsync("/");
        var since = long.Parse(await dashboard.GetByTestId("depth-chart-wrap").GetAttributeAsync("data-since") ?? "0");
        Assert.True(since <= restartedAt.ToUnixTimeSeconds(),
            $"the depth chart starts at {DateTimeOffset.FromUnixTimeSeconds(since):O}, before the restart at {restartedAt:O}; the history file has: {await File.ReadAllTextAsync(depth)}");

        var log = await _s.OpenAsync("/log");
        await Expect(log.GetByTestId("log-tail")).ToContainTextAsync($"to=<+4522222222/TYPE=PLMN@{Mnc002}>");
        await Expect(log.GetByTestId("log-tail")).ToContainTextAsync($"stat=Deferred: Connection refused by {_closed.Hop}");
        await Input(log, "log-text").FillAsync("004533333331");
        await log.GetByTestId("log-search").ClickAsync();
        await Expect(log.GetByTestId("log-line").First).ToContainTextAsync("+4533333331/TYPE=PLMN");

        var flushesPage = await _s.OpenAsync("/flushes");
        var earlier = flushesPage.GetByTestId("flushes-earlier");
        await Expect(earlier).ToContainTextAsync($"recipients at Three ({Mnc003})");
        await Expect(earlier).ToContainTextAsync(_s.User);

        var after = await _s.OpenAsync("/operators");
        await Expect(after.GetByTestId("error-Three")).ToContainTextAsync("Connection refused");
        await Expect(after.GetByTestId("status-Three")).ToHaveAttributeAsync("data-health", "unreachable", new() { Timeout = 15_000 });
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        await _sink.DisposeAsync();
        _closed.Dispose();
    }
}
