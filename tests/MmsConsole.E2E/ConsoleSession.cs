using Microsoft.Playwright;
using MmsGateway.Testing;

namespace MmsConsole.E2E;

/// <summary>The app in a child process (console + relay on free ports) and a headless Chromium.</summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private IPlaywright? _playwright;

    public GatewayProcess Gateway { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Web => Gateway.Web;

    /// <summary>Screenshots land here, beside the test results, as artifacts of the run.</summary>
    public static string Screenshots
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MmsConsole.sln"))) dir = dir.Parent;
            var path = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "TestResults", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public static async Task<ConsoleSession> StartAsync(params string[] args)
    {
        var s = new ConsoleSession();
        s.Gateway = await GatewayProcess.StartAsync(s._dir.Path, GatewayProcess.FreePort(),
            ["--environment", "Development", .. args]);
        s._playwright = await Playwright.CreateAsync();
        s.Browser = await s._playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return s;
    }

    /// <summary>A new tab at <paramref name="path"/>, 1366×768 (a NOC screen), once the circuit is live.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        await page.GotoAsync(new Uri(Web, path).ToString());
        // Interactive only once blazor.web.js has connected the circuit.
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('.mud-layout') !== null");
        await page.WaitForTimeoutAsync(300);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Gateway is not null) await Gateway.DisposeAsync();
        _dir.Dispose();
    }
}
