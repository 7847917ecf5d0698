using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MmsGateway.Relay.Queue;
using MmsGateway.Testing;

namespace MmsGateway.Bench;

/// <summary>Issue 15's figures for a site of two gateways on one PostgreSQL registry (a throwaway cluster), each gateway
/// with its own spool, on this one machine.
/// <para><c>site-accept</c>: Postfix's smtp-source (a new connection per message, as bench/accept.py) into one gateway,
/// then into two gateways at once, each fed by its own smtp-source; total accepted msgs/s. Both gateways share the
/// machine's cores, so this shows the overhead of being two, not the gain of a second machine.</para>
/// <para><c>site-queue-page</c>: N messages spread over the two spools; the merged queue listing asked of gw2 (its API,
/// what the console's table calls) and the console's queue page in Chromium, until its rows are drawn.</para></summary>
public static class SiteBench
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Sender = "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs";
    private const string Password = "bench password, long enough";

    public static async Task<int> AcceptAsync(string[] args)
    {
        var n = AcceptProbe.Arg(args, "--messages", 10_000);
        var sessions = AcceptProbe.Arg(args, "--sessions", 10);
        var reps = AcceptProbe.Arg(args, "--reps", 3);
        if (!File.Exists("/usr/sbin/smtp-source")) { Console.Error.WriteLine("smtp-source missing: install Postfix (bench/accept.py does, as root)"); return 2; }
        var message = Path.Combine(Path.GetTempPath(), $"mmsgw-site-{Environment.ProcessId}.eml");
        await File.WriteAllTextAsync(message, Mm4Like(4096));
        Console.WriteLine($"gateway: {GatewayProcess.WebDll}");
        Console.WriteLine($"smtp-source -s {sessions} -m {n} per gateway, 4 KB MM4-like messages, a connection per message; {reps} repetitions, alternating");
        var one = new List<double>();
        var two = new List<double>();
        try
        {
            for (var rep = 0; rep < reps; rep++)
                foreach (var nodes in rep % 2 == 0 ? new[] { 1, 2 } : [2, 1])
                {
                    var rate = await AcceptRunAsync(nodes, n, sessions, message);
                    (nodes == 1 ? one : two).Add(rate);
                    Console.WriteLine($"  rep {rep + 1}: {nodes} node{(nodes == 1 ? " " : "s")}  {rate,8:N0} msgs/s accepted in total");
                }
        }
        finally { File.Delete(message); }
        Console.WriteLine($"one node:  median {Median(one):N0} msgs/s (min {one.Min():N0}, max {one.Max():N0})");
        Console.WriteLine($"two nodes: median {Median(two):N0} msgs/s in total (min {two.Min():N0}, max {two.Max():N0}); two/one {Median(two) / Median(one):F2}");
        return 0;
    }

    private static async Task<double> AcceptRunAsync(int nodes, int n, int sessions, string message)
    {
        var database = PostgresCluster.Shared.CreateDatabase();
        var dirs = Enumerable.Range(0, nodes).Select(_ => new TempDir()).ToList();
        var gateways = new List<GatewayProcess>();
        try
        {
            string[] common = ["--Registry:Provider", "Postgres", "--ConnectionStrings:Registry", database,
                "--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:LocalDomains:0", Ours, "--Gateway:Delivery:Enabled", "false"];
            for (var i = 0; i < nodes; i++) gateways.Add(await GatewayProcess.StartAsync(dirs[i].Path, [.. common, "--Gateway:Node:Name", $"gw{i + 1}"]));
            foreach (var gw in gateways) await SourceAsync(gw, Math.Min(500, n), sessions, message);   // warm-up, uncounted
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(gateways.Select(gw => SourceAsync(gw, n, sessions, message)));
            return nodes * n / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var gw in gateways) await gw.DisposeAsync();
            foreach (var d in dirs) d.Dispose();
            PostgresCluster.Shared.DropDatabase(database);
        }
    }

    private static async Task SourceAsync(GatewayProcess gw, int n, int sessions, string message)
    {
        var psi = new ProcessStartInfo("/usr/sbin/smtp-source") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-s", sessions.ToString(), "-m", n.ToString(), "-F", message, "-f", Sender, "-t", $"+4512345678/TYPE=PLMN@{Ours}",
                     "-M", "mmsc.mnc001.mcc238.gprs", $"{gw.Smtp.Address}:{gw.Smtp.Port}" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var errors = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"smtp-source failed ({p.ExitCode}): {await errors}");
    }

    public static async Task<int> QueuePageAsync(string[] args)
    {
        var n = AcceptProbe.Arg(args, "--messages", 100_000);
        var runs = AcceptProbe.Arg(args, "--runs", 20);
        var database = PostgresCluster.Shared.CreateDatabase();
        var dirs = new[] { Path.Combine("/var/tmp", $"mmsgw-site-page-{Environment.ProcessId}-1"), Path.Combine("/var/tmp", $"mmsgw-site-page-{Environment.ProcessId}-2") };
        string[] registry = ["--Registry:Provider", "Postgres", "--ConnectionStrings:Registry", database];
        try
        {
            string[] domains = ["mms.mnc002.mcc238.gprs", "mms.mnc003.mcc238.gprs", "mms.mnc004.mcc238.gprs"];
            for (var i = 0; i < 2; i++)
            {
                Directory.CreateDirectory(dirs[i]);
                await using var fill = await TestGateway.StartAsync(dirs[i]);
                var clock = Stopwatch.StartNew();
                await BenchQueue.FillAsync(fill.Services.GetRequiredService<QueueIntake>(), n / 2, j => domains[j % domains.Length]);
                Console.WriteLine($"gw{i + 1}: queued {n / 2:N0} messages in {clock.Elapsed.TotalSeconds:F1} s");
            }
            var token = (await GatewayProcess.RunCliAsync(dirs[0], null, ["token", "add", "bench", "--role", "Admin", .. registry])).Output.Trim();
            var user = await GatewayProcess.RunCliAsync(dirs[0], Password, ["user", "add", "bench", "--role", "Operator", .. registry]);
            if (user.ExitCode != 0) throw new InvalidOperationException(user.Error);
            await using var gw1 = await GatewayProcess.StartAsync(dirs[0], [.. registry, "--Gateway:Node:Name", "gw1"]);
            await using var gw2 = await GatewayProcess.StartAsync(dirs[1], [.. registry, "--Gateway:Node:Name", "gw2"]);
            using var api = new HttpClient { BaseAddress = gw2.Web };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await TwoNodes.AnnouncedAsync(api, 2);

            Console.WriteLine($"{n:N0} messages over two nodes; GET /api/queue on gw2 (merged with gw1's through its API), {runs} runs each:");
            foreach (var (label, query) in new[] { ("first page of 50", "take=50"), ("page 10 of 50", "skip=450&take=50"),
                         ("recipient filter R+4530001", "select=R%2B4530001&take=50"), ("one node (node=gw1)", "node=gw1&take=50") })
            {
                var times = new List<double>();
                for (var r = 0; r < runs + 2; r++)
                {
                    var clock = Stopwatch.StartNew();
                    var page = await api.GetFromJsonAsync<JsonElement>("/api/queue?" + query);
                    if (r >= 2) times.Add(clock.Elapsed.TotalMilliseconds);   // two warm-ups
                    if (r == 0 && page.GetProperty("nodes").EnumerateArray().Any(x => x.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String))
                        throw new InvalidOperationException("a node did not answer: " + page);
                }
                times.Sort();
                Console.WriteLine($"  {label,-28} p50 {AcceptProbe.P(times, 0.5),7:F1} ms  p90 {AcceptProbe.P(times, 0.9),7:F1} ms  max {times[^1],7:F1} ms");
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
            var signIn = await context.NewPageAsync();
            await signIn.GotoAsync(new Uri(gw2.Web, "/login").ToString());
            await signIn.GetByTestId("login-name").FillAsync("bench");
            await signIn.GetByTestId("login-password").FillAsync(Password);
            await signIn.GetByTestId("login-submit").ClickAsync();
            await signIn.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new() { State = WaitForSelectorState.Attached });
            var loads = new List<double>();
            for (var r = 0; r < Math.Max(5, runs / 2) + 1; r++)
            {
                var page = await context.NewPageAsync();
                var clock = Stopwatch.StartNew();
                await page.GotoAsync(new Uri(gw2.Web, "/queue").ToString());
                // Drawn when the table holds a full page with both nodes' rows and the site's totals.
                await page.Locator("[data-testid=row-node]").Nth(49).WaitForAsync(new() { Timeout = 60_000 });
                await page.GetByTestId("filter-nodes").Filter(new() { HasText = $"gw1: {n / 2:N0}" }).WaitForAsync(new() { Timeout = 60_000 });
                if (r > 0) loads.Add(clock.Elapsed.TotalMilliseconds);   // one warm-up
                await page.CloseAsync();
            }
            loads.Sort();
            Console.WriteLine($"  console /queue on gw2 in Chromium, navigation to 50 rows and per-node totals drawn: p50 {AcceptProbe.P(loads, 0.5):F0} ms  max {loads[^1]:F0} ms ({loads.Count} loads)");
            return 0;
        }
        finally
        {
            foreach (var d in dirs) if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
            PostgresCluster.Shared.DropDatabase(database);
        }
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    // An MM4_forward.REQ-like message of about `size` bytes, as bench/accept.py makes it.
    private static string Mm4Like(int size)
    {
        var head = $"From: {Sender}\nTo: +4512345678/TYPE=PLMN\nSubject: bench {size}\nMIME-Version: 1.0\nX-Mms-3GPP-MMS-Version: 6.10.0\n" +
                   "X-Mms-Message-Type: MM4_forward.REQ\nX-Mms-Transaction-ID: bench\nX-Mms-Ack-Request: Yes\n\n";
        var line = new string('A', 76) + "\n";
        return head + string.Concat(Enumerable.Repeat(line, Math.Max(1, (size - head.Length) / line.Length)));
    }
}
