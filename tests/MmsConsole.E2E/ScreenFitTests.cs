using System.Net.Http.Json;
using Microsoft.Playwright;
using MmsGateway.Testing;

namespace MmsConsole.E2E;

/// <summary>A NOC screen is 1366×768 (issue 13): on every page, with data in it, nothing scrolls sideways
/// and every button, switch and link of the page lies inside the window.</summary>
public sealed class ScreenFitTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs";
    private static readonly string[] Pages = ["/", "/operators", "/queue", "/flushes", "/mm4", "/mm4/ledger", "/log", "/captures", "/registry", "/audit", "/admin/users"];
    private ConsoleSession _s = null!;
    private ClosedPort _closed = null!;

    public async Task InitializeAsync()
    {
        _closed = new ClosedPort();
        _s = await ConsoleSession.StartAsync("--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "true",
            "--Gateway:Delivery:RetryInitial", "00:10:00");
        // Long names and errors are what pushed actions off the screen: a partner with a long name, long domains,
        // and a long last error from a refused connection.
        var domain = "mms.mnc123.mcc456.gprs";
        (await _s.Api.PostAsJsonAsync("/api/operators", new
        {
            name = "Telekomunikacja Polska Interconnect MM4 Gateway Cluster North", domains = new[] { domain, "mms.mnc124.mcc456.gprs" },
            nextHops = new[] { _closed.Hop, "[127.0.0.1]:9" },
        })).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(_s.Gateway.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"+4812345678{i}/TYPE=PLMN@{domain}",
                "X-Mms-Message-Type: MM4_forward.REQ\r\n\r\nhello"));
        (await _s.Api.PostAsJsonAsync("/api/queue/flush", new { select = new[] { "D" + domain }, reason = "INC-3 a very long reason for a flush that must not widen any page at all" }))
            .EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Every_action_of_every_page_is_inside_a_1366_by_768_window()
    {
        var checkedControls = 0;
        // One tab moved through the pages by the app's router, as an engineer clicks through the menu.
        var page = await _s.OpenAsync("/");
        foreach (var path in Pages)
        {
            await ConsoleSession.NavigateAsync(page, path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow} px at 1366×768");
            var outside = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.mud-main-content button, .mud-main-content a[href], .mud-main-content input[type=checkbox], .mud-main-content .mud-switch')]
                    .filter(e => e.offsetParent !== null)
                    .filter(e => { const r = e.getBoundingClientRect(); const cell = e.closest('td');
                                   const c = cell ? cell.getBoundingClientRect() : { left: 0, right: window.innerWidth };
                                   return r.width > 0 && (r.left < Math.max(0, c.left - 1) || r.right > Math.min(window.innerWidth, c.right + 1)); })
                    .map(e => (e.getAttribute('data-testid') || e.textContent.trim() || e.tagName).slice(0, 60))
                """);
            var controls = await page.Locator(".mud-main-content button, .mud-main-content a[href]").CountAsync();
            checkedControls += controls;
            Assert.True(outside.Length == 0, $"{path}: {string.Join(", ", outside)} outside the window or clipped by its cell");
            await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, $"fit{path.Replace('/', '-')}.png".Replace("fit-.png", "fit-dashboard.png")) });
        }
        // The operator dialog's labels are read whole, not cut ("Queue lifetime, days (empty: d…").
        var operators = page;
        await ConsoleSession.NavigateAsync(operators, "/operators");
        await operators.GetByTestId("add-operator").ClickAsync();
        await operators.GetByTestId("op-name").WaitForAsync();
        var cut = await operators.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.mud-dialog label, .mud-dialog .mud-input-label')].filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent.trim())");
        Assert.True(cut.Length == 0, $"labels cut in the operator dialog: {string.Join(" | ", cut)}");
        await operators.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "fit-operator-dialog.png") });
        Assert.True(checkedControls > 30, $"only {checkedControls} controls were found to check: the selector misses the pages' content");
    }

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        _closed.Dispose();
    }
}
