using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;
using MmsGateway.Testing;

namespace MmsGateway.Bench;

/// <summary>Do console queries pause the relay? A million recipients queued; the latency of SMTP
/// transactions (MAIL to the 250 after DATA, one session, one at a time) first with nobody looking, then
/// while N console clients page through the queue (a search per page view, a pause between views).</summary>
internal static class SearchLatency
{
    private static readonly string[] Domains =
        ["mms.mnc002.mcc238.gprs", "mms.mnc003.mcc238.gprs", "mms.mnc004.mcc238.gprs", "mms.mnc005.mcc238.gprs", "mms.mnc006.mcc238.gprs"];

    // What NOC pages ask: everything, one operator, a recipient prefix, a negation.
    private static readonly string[][] Selections = [[], ["D" + Domains[1]], ["R+453000"], ["!R+4530001"]];

    public static async Task<int> RunAsync(string[] args)
    {
        var n = AcceptProbe.Arg(args, "--messages", 1_000_000);
        var seconds = AcceptProbe.Arg(args, "--seconds", 20);
        var clients = AcceptProbe.Arg(args, "--clients", 5);
        var thinkMs = AcceptProbe.Arg(args, "--think-ms", 1000);
        var dir = Path.Combine("/var/tmp", "mmsgw-search-latency-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            await using var gw = await TestGateway.StartAsync(dir);
            var intake = gw.Services.GetRequiredService<QueueIntake>();
            var fill = Stopwatch.StartNew();
            await BenchQueue.FillAsync(intake, n, i => Domains[i % Domains.Length]);
            Console.WriteLine($"queued {n:N0} messages ({gw.Control.GetCounts().Recipients:N0} recipients) in {fill.Elapsed.TotalSeconds:F1} s");

            await AcceptProbe.RunAsync(gw.Endpoint, TimeSpan.FromSeconds(5));   // warm-up, uncounted
            // Idle and busy alternate twice, so that a slow disk moment or the heap settling after the fill
            // does not land on one side only.
            Console.WriteLine($"accept latency, one session, {seconds} s per phase ({n:N0} queued); {clients} clients paging {thinkMs} ms apart when busy:");
            var searches = new List<double>();
            var p99 = new List<(bool Busy, double P99)>();
            for (var round = 0; round < 2; round++)
                foreach (var busy in new[] { false, true })
                {
                    using var stop = new CancellationTokenSource();
                    var gc = Gc();
                    var paging = busy ? Enumerable.Range(0, clients).Select(c => Task.Run(() => PageAsync(gw.Control, c + 10 * round, thinkMs, searches, stop.Token))).ToList() : [];
                    var times = await AcceptProbe.RunAsync(gw.Endpoint, TimeSpan.FromSeconds(seconds));
                    await stop.CancelAsync();
                    await Task.WhenAll(paging);
                    var after = Gc();
                    p99.Add((busy, AcceptProbe.P(times, 0.99)));
                    Console.WriteLine($"  {(busy ? "busy" : "idle")}  n={times.Count,6}  p50 {AcceptProbe.P(times, 0.5):F2} ms  p99 {AcceptProbe.P(times, 0.99):F2} ms  max {times[^1]:F2} ms" +
                        $"  GC {after.Pause - gc.Pause:F0} ms in {after.Gen0 - gc.Gen0} gen0, {after.Gen2 - gc.Gen2} gen2");
                }
            var idleP99 = p99.Where(x => !x.Busy).Max(x => x.P99);
            var busyP99 = p99.Where(x => x.Busy).Max(x => x.P99);
            searches.Sort();
            Console.WriteLine($"  worst p99 busy/idle {busyP99:F2}/{idleP99:F2} ms = {busyP99 / idleP99:F2} (goal <= 2)");
            Console.WriteLine($"  searches {searches.Count}, each median {AcceptProbe.P(searches, 0.5):F1} ms, p99 {AcceptProbe.P(searches, 0.99):F1} ms");
            return 0;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static async Task PageAsync(IQueueControl control, int client, int thinkMs, List<double> searches, CancellationToken stop)
    {
        var random = new Random(client);
        while (!stop.IsCancellationRequested)
        {
            QueueSelection.TryParse(Selections[random.Next(Selections.Length)], out var selection, out _);
            var clock = Stopwatch.StartNew();
            try { await control.SearchAsync(selection, skip: random.Next(0, 1000) * 50, take: 50, stop); }
            catch (OperationCanceledException) { return; }
            lock (searches) searches.Add(clock.Elapsed.TotalMilliseconds);
            try { await Task.Delay(thinkMs, stop); } catch (OperationCanceledException) { return; }
        }
    }

    private static (double Pause, int Gen0, int Gen2) Gc() =>
        (GC.GetTotalPauseDuration().TotalMilliseconds, GC.CollectionCount(0), GC.CollectionCount(2));

}
