using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MmsGateway.Testing;

namespace MmsGateway.Bench;

/// <summary>What the MM4 ledger costs the relay (issue 14: under 5 %): the gateway binary, ledger on and off in turn
/// (alternating which goes first), each fed the same MM4_forward.REQs (own Transaction-IDs, ack requested) by
/// <see cref="Mm4Injector"/> and relaying them to a sink. Prints accepted and delivered (end to end: until the N-th
/// message is at the sink) msgs/s, the gateway's CPU per message, and how long after the last 250 the ledger had
/// counted every forward.</summary>
internal static class LedgerCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = AcceptProbe.Arg(args, "--messages", 20_000);
        var sessions = AcceptProbe.Arg(args, "--sessions", 10);
        var size = AcceptProbe.Arg(args, "--size", 4096);
        var reps = AcceptProbe.Arg(args, "--reps", 3);
        var warmup = AcceptProbe.Arg(args, "--warmup", 5000);   // fewer leave the gateway still compiling (perf: libclrjit)
        if (!File.Exists(GatewayProcess.WebDll))
        {
            Console.Error.WriteLine($"build the gateway first: dotnet build -c Release src/MmsConsole.Web ({GatewayProcess.WebDll} is missing)");
            return 2;
        }
        Console.WriteLine($"gateway: {GatewayProcess.WebDll}");
        Console.WriteLine($"{n:N0} MM4 forwards of {size:N0} bytes over {sessions} sessions (one message a connection), warm-up {warmup:N0}, {reps} repetitions");
        // One pair first, not counted: the first gateway of a run (and this process's own injector) start cold.
        await OneAsync(true, n / 2, sessions, size, warmup);
        await OneAsync(false, n / 2, sessions, size, warmup);
        var results = new List<Run>();
        for (var rep = 0; rep < reps; rep++)
            foreach (var ledger in rep % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var r = await OneAsync(ledger, n, sessions, size, warmup);
                results.Add(r);
                Console.WriteLine($"  rep {rep + 1} ledger {(ledger ? "on " : "off")}: accepted {r.Accepted,7:N0}/s  delivered {r.Delivered,7:N0}/s  " +
                    $"gateway CPU {r.CpuMs:F2} ms/msg" + (ledger ? $"  ledger complete {r.LagS:F2} s after the last 250" : ""));
            }
        static double Median(IEnumerable<double> v) { var s = v.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
        string Line(string what, Func<Run, double> f)
        {
            var on = results.Where(r => r.Ledger).Select(r => f(r)).ToList();
            var off = results.Where(r => !r.Ledger).Select(r => f(r)).ToList();
            return $"{what,-22} on {Median(on),8:N2} ({on.Min():N2}-{on.Max():N2})   off {Median(off),8:N2} ({off.Min():N2}-{off.Max():N2})   on/off {Median(on) / Median(off):F3}";
        }
        Console.WriteLine("medians (min-max):");
        Console.WriteLine(Line("accepted msgs/s", r => r.Accepted));
        Console.WriteLine(Line("delivered msgs/s", r => r.Delivered));
        Console.WriteLine(Line("gateway CPU ms/msg", r => r.CpuMs));
        return 0;
    }

    private sealed record Run(bool Ledger, double Accepted, double Delivered, double CpuMs, double LagS);

    private static async Task<Run> OneAsync(bool ledger, int n, int sessions, int size, int warmup)
    {
        var dir = Path.Combine("/var/tmp", $"mmsgw-ledger-cost-{Environment.ProcessId}-{Guid.NewGuid():N}");
        await using var sink = SmtpSink.Start();
        try
        {
            var token = (await GatewayProcess.RunCliAsync(dir, null, "token", "add", "bench", "--role", "Viewer")).Output.Trim();
            await using var gw = await GatewayProcess.StartAsync(dir, ["--Gateway:Routes:" + Mm4Injector.Domain, sink.Hop,
                "--Gateway:Routes:mms.mnc001.mcc238.gprs", sink.Hop, "--Gateway:LocalDomains:0", "mms.mnc001.mcc238.gprs", "--Gateway:Delivery:Enabled", "true", "--Gateway:Ledger:Enabled", ledger ? "true" : "false"]);
            using var api = new HttpClient { BaseAddress = gw.Web };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            await Mm4Injector.SendAsync(gw.Smtp, 0, warmup, sessions, size);
            await Until(() => sink.Messages.Count >= warmup, TimeSpan.FromMinutes(2), "the warm-up reaches the sink");
            var cpu = Cpu(gw.Id);
            var clock = Stopwatch.StartNew();
            await Mm4Injector.SendAsync(gw.Smtp, warmup, n, sessions, size);
            var accepted = clock.Elapsed;
            await Until(() => sink.Messages.Count >= warmup + n, TimeSpan.FromMinutes(5), "every message reaches the sink");
            var delivered = clock.Elapsed;
            var cpuMs = (Cpu(gw.Id) - cpu) * 1000.0 / n;
            var lag = 0.0;
            if (ledger)
            {
                await Until(async () => await Forwards(api) >= warmup + n, TimeSpan.FromMinutes(5), "the ledger counts every forward");
                lag = Math.Max(0, (clock.Elapsed - accepted).TotalSeconds);
            }
            return new Run(ledger, n / accepted.TotalSeconds, n / delivered.TotalSeconds, cpuMs, lag);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    private static async Task<long> Forwards(HttpClient api)
    {
        var summary = await api.GetFromJsonAsync<JsonElement>("/api/mm4/summary?hours=1");
        return summary.GetProperty("operators").EnumerateArray().Sum(o => o.GetProperty("sent").GetInt64());
    }

    // utime + stime of the process, in seconds (/proc/PID/stat fields 14 and 15, in clock ticks of 1/100 s).
    private static double Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private static Task Until(Func<bool> condition, TimeSpan within, string what) => Until(() => Task.FromResult(condition()), within, what);

    private static async Task Until(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within) throw new TimeoutException($"not within {within}: {what}");
            await Task.Delay(10);
        }
    }
}
