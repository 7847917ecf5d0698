using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Bench;

/// <summary>The MM4 ledger at the size of a busy day (issue 14: 1,000 forwards/s for an hour is 3.6 M rows): fills a
/// real SQLite ledger through <see cref="LedgerStore"/>, the relay writer's own path (REQ, hand-over, RES per
/// transaction, in its batches), then times the queries the console and the API make.</summary>
internal static class LedgerScale
{
    private const int Partners = 10, BatchTransactions = 666;   // about the writer's 2,000 observations a batch
    private static readonly string[] Errors = ["Error-service-denied", "Error-network-problem", "Error-content-not-accepted"];

    public static async Task<int> RunAsync(string[] args)
    {
        var n = AcceptProbe.Arg(args, "--rows", 3_600_000);
        var hours = AcceptProbe.Arg(args, "--hours", 24);
        var runs = AcceptProbe.Arg(args, "--runs", 20);
        var dir = Path.Combine("/var/tmp", "mmsgw-ledger-scale-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "ledger.db");
            // As production opens it (AddRegistry: "Data Source=…/ledger.db", synchronous=NORMAL).
            var plans = new QueryPlans();
            var factory = new PooledDbContextFactory<LedgerDbContext>(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite($"Data Source={file}")
                .AddInterceptors(plans, new LedgerConnectionSettings()).Options);
            var store = new LedgerStore(factory);
            var queries = new LedgerQueries(factory, store);
            var end = DateTimeOffset.UtcNow;
            var start = end.AddHours(-hours);
            var step = (end - start).TotalMilliseconds / n;

            Console.WriteLine($"filling {n:N0} MM4 transactions over {hours} h, {Partners} partners, through LedgerStore.ApplyAsync (REQ + hand-over + RES each)");
            var fill = Stopwatch.StartNew();
            var lap = Stopwatch.StartNew();
            long observations = 0, lapObservations = 0;
            for (var first = 0; first < n; first += BatchTransactions)
            {
                var batch = new List<LedgerObservation>(BatchTransactions * 3);
                for (var i = first; i < Math.Min(n, first + BatchTransactions); i++) Transaction(i, start.AddMilliseconds(i * step), batch);
                await store.ApplyAsync(batch, CancellationToken.None);
                observations += batch.Count;
                lapObservations += batch.Count;
                if ((first / BatchTransactions) % 75 == 74 || first + BatchTransactions >= n)
                {
                    Console.WriteLine($"  {Math.Min(n, first + BatchTransactions),10:N0} rows  {lapObservations / lap.Elapsed.TotalSeconds,8:N0} observations/s lately");
                    lap.Restart();
                    lapObservations = 0;
                }
            }
            Console.WriteLine($"filled in {fill.Elapsed.TotalSeconds:F0} s: {observations / fill.Elapsed.TotalSeconds:N0} observations/s, " +
                $"{n / fill.Elapsed.TotalSeconds:N0} transactions/s (the relay needs 1,000 a second for 1,000 forwards/s)");
            var expire = Stopwatch.StartNew();
            var expired = await store.ExpireAsync(end, CancellationToken.None);
            Console.WriteLine($"marked {expired.Deltas.Where(d => d.Name.EndsWith(LedgerCounter.Missing, StringComparison.Ordinal)).Sum(d => d.Delta):N0} missing in {expire.Elapsed.TotalSeconds:F1} s");
            // A running gateway prunes every hour, which also refreshes SQLite's index statistics (PRAGMA optimize).
            await store.PruneAsync(start.AddDays(-1), CancellationToken.None);
            await using (var db = await factory.CreateDbContextAsync())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
                Console.WriteLine($"ledger.db: {new FileInfo(file).Length / 1048576.0:N0} MB, {await db.Transactions.CountAsync():N0} rows, {await db.Counters.CountAsync():N0} per-minute counters");
            }

            var mid = n / 2;
            var known = Transaction(mid, start.AddMilliseconds(mid * step), []);
            var middle = start.AddMilliseconds(mid * step);
            var cases = new (string Name, Func<Task<int>> Query)[]
            {
                ("summary, last hour (MM4 page)", async () => (await queries.SummaryAsync(end.AddHours(-1), end)).Count),
                ("summary, last 24 hours (MM4 page)", async () => (await queries.SummaryAsync(end.AddHours(-24), end)).Count),
                ("one MSISDN, sender or recipient", async () => (await queries.SearchAsync(new LedgerQuery(Msisdn: known.Sender))).Count),
                ("one MSISDN with 00", async () => (await queries.SearchAsync(new LedgerQuery(Msisdn: "00" + known.Recipient![1..]))).Count),
                ("a number range (+452000012…)", async () => (await queries.SearchAsync(new LedgerQuery(Sender: known.Sender![..^2]))).Count),
                ("a broad range (+4530…, 4 digits)", async () => (await queries.SearchAsync(new LedgerQuery(Recipient: "+4530"))).Count),
                ("the second page of an operator", async () =>
                {
                    var first = await queries.SearchAsync(new LedgerQuery(Partner: "Partner 3"));
                    return (await queries.SearchAsync(new LedgerQuery(Partner: "Partner 3"), before: LedgerCursor.After(first[^1]))).Count;
                }),
                ("one Transaction-ID", async () => (await queries.SearchAsync(new LedgerQuery(TransactionId: known.TransactionId))).Count),
                ("one Message-ID", async () => (await queries.SearchAsync(new LedgerQuery(MessageId: known.MessageId))).Count),
                ("operator, newest 100", async () => (await queries.SearchAsync(new LedgerQuery(Partner: "Partner 3"))).Count),
                ("operator's missing list", async () => (await queries.SearchAsync(new LedgerQuery(Partner: "Partner 3", State: TransactionState.Missing))).Count),
                ("operator's lint list (none)", async () => (await queries.SearchAsync(new LedgerQuery(Partner: "Partner 3", LintOnly: true))).Count),
                ("operator's lint list", async () => (await queries.SearchAsync(new LedgerQuery(Partner: "Partner 7", LintOnly: true))).Count),
                ("lint list, every operator", async () => (await queries.SearchAsync(new LedgerQuery(LintOnly: true))).Count),
                ("an hour in the middle of the day", async () => (await queries.SearchAsync(new LedgerQuery(From: middle, To: middle.AddHours(1)))).Count),
                ("operator and an hour in the middle", async () => (await queries.SearchAsync(new LedgerQuery(Partner: "Partner 3", From: middle, To: middle.AddHours(1)))).Count),
                ("a message's chain (drawer)", async () => (await queries.ForMessageAsync(known.QueueId, known.TransactionId, known.MessageId)).Count),
                ("awaiting RES per partner", async () => (await queries.AwaitingAsync()).Count),
            };
            Console.WriteLine($"\nqueries at {n:N0} rows, {runs} runs each after one warm-up (ms)");
            Console.WriteLine($"{"query",-40} {"rows",6} {"p50",8} {"p95",8} {"max",8}  plan (SQLite)");
            foreach (var (name, query) in cases)
            {
                plans.Clear();
                var rows = await query();
                var plan = string.Join("; ", plans.Explain(file).Where(p => p.StartsWith("SEARCH", StringComparison.Ordinal) || p.StartsWith("SCAN", StringComparison.Ordinal)
                    || p.StartsWith("USE TEMP", StringComparison.Ordinal)).Distinct());
                var times = new List<double>();
                for (var r = 0; r < runs; r++)
                {
                    var t = Stopwatch.StartNew();
                    await query();
                    times.Add(t.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"{name,-40} {rows,6} {AcceptProbe.P(times, 0.5),8:F2} {AcceptProbe.P(times, 0.95),8:F2} {times[^1],8:F2}  {plan}");
            }
            return 0;
        }
        finally
        {
            if (args.Contains("--keep")) Console.WriteLine($"kept {dir}");
            else Directory.Delete(dir, recursive: true);
        }
    }

    // Transaction i: a forward to or from partner i % 10; most answered Ok within a second, some refused, 2 % never
    // answered, some with lint findings or a delivery report.
    private static LedgerRow Transaction(int i, DateTimeOffset at, List<LedgerObservation> batch)
    {
        var partner = $"Partner {i % Partners}";
        var outbound = i % 5 != 0;
        var request = outbound
            ? new TrafficParties(partner, TrafficDirection.Outbound, null, "local", partner)
            : new TrafficParties(partner, TrafficDirection.Inbound, null, partner, "local");
        var response = outbound
            ? new TrafficParties(partner, TrafficDirection.Inbound, null, partner, "local")
            : new TrafficParties(partner, TrafficDirection.Outbound, null, "local", partner);
        var sender = $"+4520{i % 200_000:000000}";
        var recipient = $"+4530{(long)i * 7919 % 1_000_000:000000}";
        var tid = $"T{i:x8}-{i % Partners}";
        var mid = $"M{i:x8}@mms.mnc{i % Partners:000}.mcc238.gprs";
        var queueId = $"Q{i:x10}";
        var lint = i % 200 == 7 ? new[] { new LintFinding(LintRule.Version, "X-Mms-3GPP-MMS-Version \"6.3\" is not of the form d.d.d") } : [];
        var message = new Mm4Message(Mm4MessageType.Parse("MM4_forward.REQ"))
        {
            TransactionId = tid, MessageId = mid, Version = "6.3.0", AckRequest = "Yes", DeliveryReport = i % 10 == 3 ? "Yes" : "No",
            From = sender + "/TYPE=PLMN", To = [recipient + "/TYPE=PLMN"],
        };
        batch.Add(new ObservedMessage(at, queueId, message, request, 40_000, TimeSpan.FromMinutes(10), lint));
        batch.Add(new ObservedHandOver(at.AddMilliseconds(50), queueId));
        if (i % 50 != 11)
        {
            var status = i % 33 == 5 ? Errors[i % Errors.Length] : "Ok";
            batch.Add(new ObservedMessage(at.AddMilliseconds(50 + i % 900), "R" + queueId, new Mm4Message(Mm4MessageType.Parse("MM4_forward.RES"))
            {
                TransactionId = tid, MessageId = mid, Version = "6.3.0", RequestStatus = status, StatusText = status,
            }, response, 600, TimeSpan.FromMinutes(10), []));
        }
        if (i % 10 == 3 && i % 50 != 11)
            batch.Add(new ObservedMessage(at.AddSeconds(20), "D" + queueId, new Mm4Message(Mm4MessageType.Parse("MM4_delivery_report.REQ"))
            {
                TransactionId = "DR" + tid, MessageId = mid, Version = "6.3.0", AckRequest = "No", MmStatus = "Retrieved",
                From = recipient + "/TYPE=PLMN", To = [sender + "/TYPE=PLMN"],
            }, response, 600, TimeSpan.FromMinutes(10), []));
        return new LedgerRow
        {
            Partner = partner, Type = "MM4_forward.REQ", QueueId = queueId, TransactionId = tid, MessageId = mid, Sender = sender, Recipient = recipient,
        };
    }
}
