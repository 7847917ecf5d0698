using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;
using MmsGateway.Testing;

namespace MmsGateway.Bench;

/// <summary>The seed's pain: sendmail scans the whole queue ("grew WorkList ... 47000") before a
/// flush delivers anything. Here: N messages deferred for an operator that is down, a few for
/// another operator that comes back; time from its flush to its first delivery, and to its last.</summary>
internal static class FlushLatency
{
    private const string Down = "mms.mnc002.mcc238.gprs", Back = "mms.mnc003.mcc238.gprs";

    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 1 && args[0] == "--deferred" ? int.Parse(args[1]) : 200_000;
        const int perFlush = 100, rounds = 5;
        using var dir = new TempDir();
        using var down = new ClosedPort();
        await using var gw = await TestGateway.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            [$"Gateway:Routes:{Down}"] = down.Hop,
            [$"Gateway:Routes:{Back}"] = down.Hop,
            ["Gateway:Delivery:RetryInitial"] = "01:00:00",
            ["Gateway:Delivery:RetryMax"] = "01:00:00",
        });
        var intake = gw.Services.GetRequiredService<QueueIntake>();

        var fill = Stopwatch.StartNew();
        await QueueAsync(intake, Down, n);
        await WaitAsync(() => gw.Control.GetCounts().Deferred >= n, TimeSpan.FromMinutes(10));
        Console.WriteLine($"deferred             {n:N0} messages for {Down} (down) in {fill.Elapsed.TotalSeconds:F1} s");

        var first = new List<double>();
        var all = new List<double>();
        for (var round = -1; round < rounds; round++)   // round -1 warms the delivery path up (JIT), uncounted
        {
            // Its peer is down too, on a port of its own each round (closed with its sessions at the end):
            // the messages are deferred ...
            await using var sink = SmtpSink.StartDown();
            gw.ReplaceRoute(Back, sink.Hop);
            await QueueAsync(intake, Back, perFlush);
            await WaitAsync(() => gw.Control.GetCounts().Destinations.Single(d => d.Domain == Back).Deferred == perFlush, TimeSpan.FromMinutes(1));
            sink.Up();   // ... and it comes back

            Assert(QueueSelection.TryParse(["D" + Back], out var selection, out _));
            var clock = Stopwatch.StartNew();
            var run = gw.Control.Flush(selection);
            while (sink.Messages.IsEmpty) await Task.Yield();
            var toFirst = clock.Elapsed.TotalMilliseconds;
            await run.Finished;
            if (run.Delivered != perFlush) throw new InvalidOperationException(run.ToString());
            if (round < 0) continue;
            first.Add(toFirst);
            all.Add(clock.Elapsed.TotalMilliseconds);
        }
        first.Sort();
        all.Sort();
        Console.WriteLine($"flush of {Back} ({perFlush} deferred) beside {n:N0} deferred elsewhere, {rounds} rounds:");
        Console.WriteLine($"  to first delivery  median {first[rounds / 2]:F1} ms   max {first[^1]:F1} ms   (goal < 100 ms)");
        Console.WriteLine($"  to all {perFlush} delivered median {all[rounds / 2]:F1} ms   max {all[^1]:F1} ms");
        return 0;
    }

    private static void Assert(bool condition)
    {
        if (!condition) throw new InvalidOperationException("bad selection");
    }

    private static Task QueueAsync(QueueIntake intake, string domain, int count) => BenchQueue.FillAsync(intake, count, _ => domain);

    private static async Task WaitAsync(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within) throw new TimeoutException("the queue did not reach the expected state");
            await Task.Delay(50);
        }
    }
}
