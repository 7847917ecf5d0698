using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MmsGateway.Testing;

namespace MmsGateway.Bench;

/// <summary>Issue 15: how long a rule change committed on one gateway takes to be in force on another. Two gateway
/// processes share a registry on a throwaway PostgreSQL cluster; gw1's API flips an operator between Active and
/// RejectingTemporarily; the delay is from the API's answer (the commit) to gw2's first RCPT reply that shows the new
/// state, probed in a tight loop of SMTP sessions (each probe a few ms: the figure includes up to one probe).</summary>
public static class RulePropagation
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc002 = "mms.mnc002.mcc238.gprs";

    public static async Task<int> RunAsync(string[] args)
    {
        var changes = AcceptProbe.Arg(args, "--changes", 100);
        using var dir1 = new TempDir();
        using var dir2 = new TempDir();
        var database = PostgresCluster.Shared.CreateDatabase();
        try
        {
            string[] registry = ["--Registry:Provider", "Postgres", "--ConnectionStrings:Registry", database];
            var token = (await GatewayProcess.RunCliAsync(dir1.Path, null, ["token", "add", "bench", "--role", "Admin", .. registry])).Output.Trim();
            string[] common = [.. registry, "--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "false"];
            await using var gw1 = await GatewayProcess.StartAsync(dir1.Path, [.. common, "--Gateway:Node:Name", "gw1"]);
            await using var gw2 = await GatewayProcess.StartAsync(dir2.Path, [.. common, "--Gateway:Node:Name", "gw2"]);
            using var api = new HttpClient { BaseAddress = gw1.Web };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var two = await (await api.PostAsJsonAsync("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { "[127.0.0.1]:9" } }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            var id = two.GetProperty("id").GetInt32();
            await Until(gw2, '2');
            Console.WriteLine($"{changes} status changes on gw1 (API), each timed until gw2's RCPT reply shows it; registry on PostgreSQL (throwaway cluster)");
            var delays = new List<double>();
            for (var i = 0; i < changes; i++)
            {
                var down = i % 2 == 0;
                (await api.PostAsJsonAsync($"/api/operators/{id}/status", new { status = down ? "RejectingTemporarily" : "Active", reason = "bench" }))
                    .EnsureSuccessStatusCode();
                delays.Add(await Until(gw2, down ? '4' : '2'));
            }
            delays.Sort();
            Console.WriteLine($"propagation ms: p50 {Pct(delays, 0.50):F1}  p90 {Pct(delays, 0.90):F1}  p99 {Pct(delays, 0.99):F1}  max {delays[^1]:F1}  (min {delays[0]:F1})");
            return 0;
        }
        finally { PostgresCluster.Shared.DropDatabase(database); }
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    // Milliseconds until gw's RCPT reply to the operator's domain starts with the expected digit.
    private static async Task<double> Until(GatewayProcess gw, char expected)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await using var c = await RawSmtp.ConnectAsync(gw.Smtp);
            await c.ReadReplyAsync();
            await c.CommandAsync("EHLO bench.mnc001.mcc238.gprs");
            await c.CommandAsync($"MAIL FROM:<+4511111111/TYPE=PLMN@{Ours}>");
            if ((await c.CommandAsync($"RCPT TO:<+4522222222/TYPE=PLMN@{Mnc002}>"))[0] == expected) return clock.Elapsed.TotalMilliseconds;
        }
        throw new TimeoutException($"gw2 never answered {expected}xx");
    }
}
