using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MmsGateway.Relay.Queue;
using MmsGateway.Testing;

namespace MmsGateway.Bench;

/// <summary>Do live queue pages cost the relay? (issue 13) The gateway binary (Release) over N queued
/// messages, accept latency of one SMTP session measured with no console open, then with P real queue
/// pages open in Chromium (live rows, "N new" counting, totals), alternately twice. Prints p50/p99 per
/// phase and the gateway's CPU per second.</summary>
internal static class QueuePages
{
    private const string Password = "bench password, long enough";
    private static readonly string[] Domains = ["mms.mnc002.mcc238.gprs", "mms.mnc003.mcc238.gprs", "mms.mnc004.mcc238.gprs", "mms.mnc005.mcc238.gprs", "mms.mnc006.mcc238.gprs"];
    // What the pages show: the whole queue twice, a recipient prefix, an operator, a negation.
    private static readonly string?[] Filters = [null, null, "+453000", "+4530001", "!"];

    public static async Task<int> RunAsync(string[] args)
    {
        var n = AcceptProbe.Arg(args, "--messages", 200_000);
        var pages = AcceptProbe.Arg(args, "--pages", 5);
        var seconds = AcceptProbe.Arg(args, "--seconds", 20);
        var dir = Path.Combine("/var/tmp", "mmsgw-queue-pages-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            await using (var fill = await TestGateway.StartAsync(dir))
            {
                var clock = Stopwatch.StartNew();
                await BenchQueue.FillAsync(fill.Services.GetRequiredService<QueueIntake>(), n, i => Domains[i % Domains.Length]);
                Console.WriteLine($"queued {n:N0} messages in {clock.Elapsed.TotalSeconds:F1} s");
            }
            var user = await GatewayProcess.RunCliAsync(dir, Password, "user", "add", "bench", "--role", "Operator");
            if (user.ExitCode != 0) throw new InvalidOperationException(user.Error);
            await using var gw = await GatewayProcess.StartAsync(dir);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
            await SignInAsync(context, gw.Web);

            await AcceptProbe.RunAsync(gw.Smtp, TimeSpan.FromSeconds(5));   // warm-up, uncounted
            Console.WriteLine($"accept latency, one session, {seconds} s per phase, {n:N0} queued; busy: {pages} queue pages open in Chromium");
            var results = new List<(bool Busy, double P99, double Cpu)>();
            for (var round = 0; round < 2; round++)
                foreach (var busy in new[] { false, true })
                {
                    var open = busy ? await OpenPagesAsync(context, gw.Web, pages) : [];
                    var cpu0 = CpuSeconds(gw.Id);
                    var wall = Stopwatch.StartNew();
                    var times = await AcceptProbe.RunAsync(gw.Smtp, TimeSpan.FromSeconds(seconds));
                    var cpu = (CpuSeconds(gw.Id) - cpu0) / wall.Elapsed.TotalSeconds;
                    foreach (var p in open) await p.CloseAsync();
                    results.Add((busy, AcceptProbe.P(times, 0.99), cpu));
                    Console.WriteLine($"  {(busy ? "busy" : "idle")}  n={times.Count,6}  p50 {AcceptProbe.P(times, 0.5):F2} ms  p99 {AcceptProbe.P(times, 0.99):F2} ms  max {times[^1]:F2} ms  gateway CPU {cpu:F2} cores");
                }
            var idle = results.Where(r => !r.Busy).ToList();
            var busyR = results.Where(r => r.Busy).ToList();
            Console.WriteLine($"  worst p99 busy/idle {busyR.Max(r => r.P99):F2}/{idle.Max(r => r.P99):F2} ms = {busyR.Max(r => r.P99) / idle.Max(r => r.P99):F2}; " +
                $"gateway CPU busy/idle {busyR.Average(r => r.Cpu):F2}/{idle.Average(r => r.Cpu):F2} cores");
            return 0;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static async Task SignInAsync(IBrowserContext context, Uri web)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(web, "/login").ToString());
        await page.GetByTestId("login-name").FillAsync("bench");
        await page.GetByTestId("login-password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new() { State = WaitForSelectorState.Attached });
        await page.CloseAsync();
    }

    private static async Task<List<IPage>> OpenPagesAsync(IBrowserContext context, Uri web, int count)
    {
        var pages = new List<IPage>();
        for (var i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(web, "/queue").ToString());
            await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new() { State = WaitForSelectorState.Attached });
            if (Filters[i % Filters.Length] is { } filter)
            {
                if (filter == "!")
                {
                    await page.Locator("input[data-testid=filter-recipient], [data-testid=filter-recipient] input").First.FillAsync("+4530000");
                    await page.GetByTestId("filter-not-recipient").ClickAsync();
                }
                else await page.Locator("input[data-testid=filter-recipient], [data-testid=filter-recipient] input").First.FillAsync(filter);
                await page.GetByTestId("filter-apply").ClickAsync();
            }
            await page.GetByTestId("row-id").First.WaitForAsync(new() { Timeout = 60_000 });
            pages.Add(page);
        }
        return pages;
    }

    private static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;   // USER_HZ is 100 on Linux
    }
}
