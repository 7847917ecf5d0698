using System.Net.Http.Json;
using Microsoft.Playwright;
using MmsGateway.Testing;

namespace MmsConsole.E2E;

/// <summary>The app in a child process (console + relay on free ports) and a headless Chromium,
/// signed in as an Admin (or the role given to <see cref="StartAsAsync"/>: Viewer, Operator, Admin);
/// <see cref="Api"/> is an Admin's API token for the test's own set-up calls.</summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    public const string Password = "e2e password, long enough";
    private readonly TempDir _dir = new();
    private IBrowserContext _context = null!;

    public HttpClient Api { get; private set; } = null!;

    public string User { get; private set; } = "";

    public GatewayProcess Gateway { get; private set; } = null!;

    private IBrowser _browser = null!;
    private readonly List<IBrowserContext> _anonymous = [];

    public Uri Web => Gateway.Web;

    private readonly List<string> _browserErrors = [];

    /// <summary>Errors the browser's console printed in any tab (a Content-Security-Policy refusal among them).</summary>
    public IReadOnlyList<string> BrowserErrors { get { lock (_browserErrors) return [.. _browserErrors]; } }

    /// <summary>Screenshots land here, beside the test results, as artifacts of the run.</summary>
    public static string Screenshots
    {
        get
        {
            var path = Path.Combine(RepoRoot.Path, "TestResults", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public static Task<ConsoleSession> StartAsync(params string[] args) => StartAsAsync("Admin", args);

    /// <summary>Each session's Playwright trace and gateway output land here (open a trace with
    /// <c>npx playwright show-trace FILE</c>): browser tests run under load, and a failure must be readable afterwards.</summary>
    public static string Artifacts => Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(Screenshots)!, "e2e")).FullName;

    private string _name = "";
    private string[] _args = [];

    /// <summary>The data directory the gateway runs on (spool, registry, data/log).</summary>
    public string DataDirectory => _dir.Path;

    /// <summary>Restarts the gateway process on the same data (a clean stop, as a NOC engineer's restart at 3 a.m.),
    /// then signs in again: the new process listens on new ports.</summary>
    public async Task RestartAsync()
    {
        var token = Api.DefaultRequestHeaders.Authorization;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var clean = await Gateway.TerminateAsync(TimeSpan.FromSeconds(30));
        // How the stop went, for the reader of the artifacts: a stop that took the host's whole 30 s (an open
        // circuit reconnecting during the stop, docs/architecture.md) would show here.
        await File.WriteAllTextAsync(Path.Combine(Artifacts, _name + ".gateway-before-restart.log"), Gateway.Output +
            (clean ? $"test: exited {clock.Elapsed.TotalSeconds:0.0} s after SIGTERM\n" : "test: still running 30 s after SIGTERM, killed\n"));
        await Gateway.DisposeAsync();
        Gateway = await GatewayProcess.StartAsync(_dir.Path, _args);
        Api.Dispose();
        Api = new HttpClient { BaseAddress = Gateway.Web };
        Api.DefaultRequestHeaders.Authorization = token;
        await _context.ClearCookiesAsync();
        await SignInAsync();
    }

    public static async Task<ConsoleSession> StartAsAsync(string role, params string[] args)
    {
        var s = new ConsoleSession();
        s._name = $"{DateTime.UtcNow:HHmmss}-{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..4]}";
        // The accounts go where the gateway keeps its registry (a shared PostgreSQL one when the args say so).
        var registry = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--Registry:", StringComparison.Ordinal) || p.a.StartsWith("--ConnectionStrings:", StringComparison.Ordinal))
            .SelectMany(p => new[] { p.a, args[p.i + 1] }).ToArray();
        var token = await GatewayProcess.RunCliAsync(s._dir.Path, null, ["token", "add", "e2e-setup", "--role", "Admin", .. registry]);
        if (token.ExitCode != 0) throw new InvalidOperationException($"token add failed: {token.Error}");
        s.User = $"noc-{role.ToLowerInvariant()}";
        // DetailedErrors: a circuit failure reaches the browser console (and the trace) with its exception, not a generic line.
        s._args = ["--environment", "Development", "--DetailedErrors", "true", .. args];
        s.Gateway = await GatewayProcess.StartAsync(s._dir.Path, s._args);
        s.Api = new HttpClient { BaseAddress = s.Gateway.Web };
        s.Api.DefaultRequestHeaders.Authorization = new("Bearer", token.Output.Trim());
        // The user through the API, as an Admin adds a colleague: one process start fewer than the command line.
        (await s.Api.PostAsJsonAsync("/api/users", new { name = s.User, password = Password, role })).EnsureSuccessStatusCode();
        s._browser = await SharedBrowserAsync();
        // One context for the whole test: its pages share the sign-in cookie, as tabs do.
        s._context = await s._browser.NewContextAsync(NocScreen);
        s._context.Console += (_, message) =>
        {
            if (message.Type == "error") lock (s._browserErrors) s._browserErrors.Add(message.Text);
        };
        await s._context.Tracing.StartAsync(new() { Snapshots = true, Title = s._name });
        await s.SignInAsync();
        return s;
    }

    /// <summary>A tab of another browser profile (no cookie: nobody signed in), closed with the session.</summary>
    public async Task<IPage> AnonymousPageAsync()
    {
        var context = await _browser.NewContextAsync(NocScreen);
        _anonymous.Add(context);
        return await context.NewPageAsync();
    }

    // A NOC screen (issue 13), for every tab the tests open.
    private static readonly BrowserNewContextOptions NocScreen = new() { ViewportSize = new() { Width = 1366, Height = 768 } };
    private static readonly SemaphoreSlim BrowserGate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _shared;

    // One Chromium for the whole run, a fresh context (cookies, storage, trace) per session: starting a browser
    // per test was a good part of the suite's CPU, and contexts isolate tests as well as browsers do.
    private static async Task<IBrowser> SharedBrowserAsync()
    {
        await BrowserGate.WaitAsync();
        try
        {
            if (_shared is { IsConnected: true }) return _shared;
            if (_playwright is null)
            {
                _playwright = await Playwright.CreateAsync();
                // xunit v2 has no assembly fixture: the browser is closed when the test process ends.
                AppDomain.CurrentDomain.ProcessExit += (_, _) => CloseSharedBrowser();
            }
            _shared = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return _shared;
        }
        finally
        {
            BrowserGate.Release();
        }
    }

    private static void CloseSharedBrowser()
    {
        try
        {
            _shared?.CloseAsync().Wait(TimeSpan.FromSeconds(10));
            _playwright?.Dispose();
        }
        catch (AggregateException)
        {
            // The test process is ending; its driver and browser go with it.
        }
    }

    private async Task SignInAsync()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(new Uri(Web, "/").ToString());
        await page.GetByTestId("login-name").FillAsync(User);
        await page.GetByTestId("login-password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await page.CloseAsync();
    }

    /// <summary>A new tab at <paramref name="path"/>, 1366×768 (a NOC screen), once the circuit is live. It opens in
    /// front: to click in an older tab, bring that one to front first (<c>BringToFrontAsync</c>), as a person would. A tab
    /// behind gets no animation frames, and Playwright waits for two before every click (up to 2.2 s each in the traces).</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(new Uri(Web, path).ToString());
        // Prerendered buttons are dead until the circuit runs the page: MainLayout says when it does.
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>Moves a tab to <paramref name="path"/> through the app's router, as a click in the menu does
    /// (the circuit stays; no reload), and waits until the page there has drawn live updates.</summary>
    public static async Task NavigateAsync(IPage page, string path)
    {
        await page.EvaluateAsync("p => Blazor.navigateTo(p)", path);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await WaitForLiveTicksAsync(page);
    }

    /// <summary>Waits until the tab has rendered <paramref name="ticks"/> more of the once-a-second live updates
    /// (MainLayout's live-tick marker): rows and errors that arrive after the first render are then drawn.</summary>
    public static async Task WaitForLiveTicksAsync(IPage page, int ticks = 2)
    {
        var now = int.Parse(await page.Locator("#live-tick").GetAttributeAsync("data-n") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await page.WaitForFunctionAsync("n => +document.getElementById('live-tick').dataset.n >= n", now + ticks);
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_context is not null) await _context.Tracing.StopAsync(new() { Path = Path.Combine(Artifacts, _name + ".trace.zip") });
        // The browser outlives the session: its tabs must not (each would go on drawing live updates).
        if (_context is not null) await _context.CloseAsync();
        foreach (var c in _anonymous) await c.CloseAsync();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(Artifacts, _name + ".gateway.log"), Gateway.Output);
            await File.WriteAllLinesAsync(Path.Combine(Artifacts, _name + ".browser-errors.log"), BrowserErrors);
        }
        _dir.Dispose();
    }
}
