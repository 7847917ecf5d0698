using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Bench;

/// <summary>The seed's pain at scale: with a million messages queued, how fast are counts and
/// selections, what does each queued message cost in memory, how long does a restart take.
/// Messages go through the real spool (group commit, fsync) and index, without SMTP.</summary>
internal static class QueueScale
{
    private static readonly string[] Domains =
        ["mms.mnc002.mcc238.gprs", "mms.mnc003.mcc238.gprs", "mms.mnc004.mcc238.gprs", "mms.mnc005.mcc238.gprs", "mms.mnc006.mcc238.gprs"];

    public static async Task<int> RunAsync(string[] args)
    {
        var n = IntArg(args, "--messages", 1_000_000);
        var dir = StringArg(args, "--dir", Path.Combine("/var/tmp", "mmsgw-queue-scale-" + Environment.ProcessId));
        Directory.CreateDirectory(dir);
        try { return await RunAsync(n, dir); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static async Task<int> RunAsync(int n, string dir)
    {
        var clock = TimeProvider.System;
        var options = new SpoolOptions { MinFreeBytes = 0 };
        var spool = MessageSpool.Open(dir, options, NullLogger.Instance);
        var index = new QueueIndex();
        var feed = new QueueChangeFeed();
        var ids = new QueueIdGenerator(clock);
        var intake = new QueueIntake(spool, index, feed, ids, clock);
        // Delivery off: this measures the queue alone, not the relay end to end.
        var delivery = new DeliveryOptions { Enabled = false };
        var bounces = new BounceWriter(intake, spool, "bench.invalid");
        var deliveries = new DeliveryFeed();
        var rules = new LiveRules(RulesSource.Empty);
        var scheduler = new DeliveryScheduler(index, spool, rules, deliveries, bounces, delivery,
            "bench.invalid", clock, NullLogger<DeliveryScheduler>.Instance);
        var control = new QueueControl(index, spool, feed, deliveries, scheduler, bounces, delivery, rules, clock);
        var body = Encoding.ASCII.GetBytes(BodyText());

        var (rss0, heap0) = Memory();
        var fill = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(1024))
        {
            var tasks = new List<Task>(n);
            for (var i = 0; i < n; i++)
            {
                await gate.WaitAsync();
                tasks.Add(AcceptOne(i));
            }
            await Task.WhenAll(tasks);

            async Task AcceptOne(int i)
            {
                try
                {
                    var m = new QueuedMessage(intake.NextId(), clock.GetUtcNow().ToUnixTimeMilliseconds(),
                        $"+45{20000000 + i % 5000}/TYPE=PLMN@mms.mnc001.mcc238.gprs", "127.0.0.1", "mmsc.mnc001.mcc238.gprs", body.Length);
                    var domain = Domains[i % Domains.Length];
                    m.SetRecipients([($"+45{30000000 + i}/TYPE=PLMN@{domain}", DomainNames.Share(domain))]);
                    var buffer = new MessageBuffer();
                    buffer.Write(body);
                    await intake.AcceptAsync(m, buffer);
                }
                finally { gate.Release(); }
            }
        }
        fill.Stop();
        var (rss1, heap1) = Memory();
        Console.WriteLine($"queued                 {index.MessageCount:N0} messages of {body.Length:N0} bytes in {fill.Elapsed.TotalSeconds:F1} s " +
                          $"({n / fill.Elapsed.TotalSeconds:N0} msgs/s through the spool's group commit, 1024 in flight)");
        Console.WriteLine($"RSS per queued message {(double)(rss1 - rss0) / n:N0} bytes   (managed heap {(double)(heap1 - heap0) / n:N0} bytes)");

        Time("count (GetCounts, all)", 10_000, () => control.GetCounts());
        Time("count (one destination)", 10_000, () => index.GetCounts(Domains[1]));
        Time("select D=<dest>, page 1", 100, () => control.Search(Parse("D" + Domains[1]), 0, 50));
        Time("select -qR<substr>, full", 5, () => control.Search(Parse("R3099999"), 0, 50));
        Time("select -q!R<substr>, full", 5, () => control.Search(Parse("!R3099999"), 0, 50));

        var hold = Stopwatch.StartNew();
        var held = (await control.HoldAsync(Parse("D" + Domains[0]))).Recipients;
        Console.WriteLine($"hold one destination   {held:N0} recipients durable in {hold.Elapsed.TotalMilliseconds:N0} ms");
        var release = Stopwatch.StartNew();
        var released = (await control.ReleaseAsync(Parse("D" + Domains[0]))).Recipients;
        Console.WriteLine($"release it             {released:N0} recipients durable in {release.Elapsed.TotalMilliseconds:N0} ms");

        await spool.DisposeAsync();
        var restart = Stopwatch.StartNew();
        var reopened = MessageSpool.Open(dir, options, NullLogger.Instance);
        var again = new QueueIndex();
        QueueRecovery.Load(reopened, again, new QueueIdGenerator(clock));
        Console.WriteLine($"restart (recover+index) {again.MessageCount:N0} messages in {restart.Elapsed.TotalSeconds:F2} s");
        await reopened.DisposeAsync();
        return again.MessageCount == n ? 0 : 1;
    }

    private static QueueSelection Parse(string term)
    {
        if (!QueueSelection.TryParse([term], out var s, out var error)) throw new ArgumentException(error);
        return s;
    }

    private static void Time(string label, int reps, Action action)
    {
        action();
        var samples = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var t = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        Array.Sort(samples);
        Console.WriteLine($"{label,-24} median {samples[reps / 2]:F4} ms   p99 {samples[Math.Min(reps - 1, reps * 99 / 100)]:F4} ms   ({reps} runs)");
    }

    private static (long Rss, long Heap) Memory()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var p = Process.GetCurrentProcess();
        return (p.WorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
    }

    private static string BodyText() =>
        "To: +4512345678/TYPE=PLMN\r\nX-Mms-Message-Type: MM4_forward.REQ\r\nX-Mms-Transaction-ID: bench\r\n\r\n" +
        string.Concat(Enumerable.Repeat(new string('A', 76) + "\r\n", 10));

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
    }

    private static string StringArg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
