using Microsoft.EntityFrameworkCore;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Ledger;

/// <summary>What the console and API read from the ledger. Every query is answered from an index: the
/// summary from the per-minute counters, searches by subscriber, id, operator and state from their indexes
/// (bench: ledger-scale).</summary>
public sealed class LedgerQueries(IDbContextFactory<LedgerDbContext> factory, LedgerStore store)
{
    public const int MaxPage = 500;

    /// <summary>Per operator and direction, counted from <paramref name="since"/> on (to the minute): whole hours from
    /// the hourly sums, the minutes at either end from the per-minute counters.</summary>
    public async Task<IReadOnlyList<Mm4Summary>> SummaryAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken ct = default)
    {
        await store.PrepareAsync(ct).ConfigureAwait(false);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var minute = LedgerCounter.Minute(since);
        var firstHour = (minute + 59) / 60;               // the first whole hour in the window
        var lastHour = LedgerCounter.Minute(now) / 60;    // the hour under way: read by the minute, and anything after it
        List<(string Partner, string Direction, string Name, long Count)> sums;
        if (firstHour >= lastHour)
            sums = await MinutesAsync(db.Counters.Where(c => c.Minute >= minute), ct).ConfigureAwait(false);
        else
        {
            // Two ranges, two queries: one OR of both would make SQLite scan every counter.
            var head = await MinutesAsync(db.Counters.Where(c => c.Minute >= minute && c.Minute < firstHour * 60), ct).ConfigureAwait(false);
            var tail = await MinutesAsync(db.Counters.Where(c => c.Minute >= lastHour * 60), ct).ConfigureAwait(false);
            var hours = await db.HourCounters.AsNoTracking().Where(c => c.Hour >= firstHour && c.Hour < lastHour)
                .GroupBy(c => new { c.Partner, c.Direction, c.Name })
                .Select(g => new { g.Key.Partner, g.Key.Direction, g.Key.Name, Count = g.Sum(c => c.Count) })
                .ToListAsync(ct).ConfigureAwait(false);
            sums = [.. head, .. tail, .. hours.Select(h => (h.Partner, h.Direction, h.Name, h.Count))];
        }
        return sums.GroupBy(s => (s.Partner, s.Direction)).Select(g =>
        {
            var c = g.GroupBy(s => s.Name).ToDictionary(n => n.Key, n => n.Sum(s => s.Count));
            long N(string name) => c.GetValueOrDefault(name);
            Dictionary<string, long> Prefixed(string prefix) => c.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && kv.Value != 0)
                .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
            var latency = Prefixed("latency:").ToDictionary(kv => LatencyBuckets.Parse(kv.Key), kv => kv.Value);
            return new Mm4Summary(g.Key.Partner, Enum.Parse<TrafficDirection>(g.Key.Direction))
            {
                Accepted = N(LedgerCounter.Accepted),
                Sent = N(LedgerCounter.Sent),
                Resent = N(LedgerCounter.Resent),
                Bounced = N(LedgerCounter.Bounced),
                Answered = N(LedgerCounter.Answered),
                Missing = N(LedgerCounter.Missing),
                Late = N(LedgerCounter.Late),
                Unmatched = N(LedgerCounter.Unmatched),
                ReportsAsked = N(LedgerCounter.ReportsAsked),
                ReportsReceived = N(LedgerCounter.ReportsReceived),
                LatencyP50 = LatencyBuckets.Quantile(latency, 0.5),
                LatencyP95 = LatencyBuckets.Quantile(latency, 0.95),
                Statuses = Prefixed("status:"),
                Reports = Prefixed("report:"),
                Lint = Prefixed("lint:"),
            };
        }).OrderBy(s => s.Partner, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Direction).ToList();
    }

    private static async Task<List<(string Partner, string Direction, string Name, long Count)>> MinutesAsync(IQueryable<LedgerCounterRecord> minutes,
        CancellationToken ct)
    {
        var rows = await minutes.AsNoTracking().GroupBy(c => new { c.Partner, c.Direction, c.Name })
            .Select(g => new { g.Key.Partner, g.Key.Direction, g.Key.Name, Count = g.Sum(c => c.Count) })
            .ToListAsync(ct).ConfigureAwait(false);
        return rows.Select(r => (r.Partner, r.Direction, r.Name, r.Count)).ToList();
    }

    /// <summary>Rows matching <paramref name="q"/>, newest first (by acceptance time), after <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<LedgerRow>> SearchAsync(LedgerQuery q, int limit = 100, LedgerCursor? before = null, CancellationToken ct = default)
    {
        await store.PrepareAsync(ct).ConfigureAwait(false);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        IQueryable<LedgerRow> rows = db.Transactions.AsNoTracking();
        // A number finds every number it begins (+4533 the whole 4533 range, as sendmail's -qR+4533 would): a range
        // over the digits-only key, which each key index answers. ':' sorts right after '9'. A short beginning matches
        // a large part of the ledger: then its index would read all of that before the newest 100 are known, while a
        // walk down the time index stops after 100 matches; `|| ""` keeps SQLite's planner off the key index.
        if (Msisdn.Key(q.Msisdn) is { } key)
        {
            var end = key + ":";
            rows = Broad(key)
                ? rows.Where(r => (string.Compare(r.SenderKey + "", key) >= 0 && string.Compare(r.SenderKey + "", end) < 0)
                    || (string.Compare(r.RecipientKey + "", key) >= 0 && string.Compare(r.RecipientKey + "", end) < 0))
                : rows.Where(r => (string.Compare(r.SenderKey, key) >= 0 && string.Compare(r.SenderKey, end) < 0)
                    || (string.Compare(r.RecipientKey, key) >= 0 && string.Compare(r.RecipientKey, end) < 0));
        }
        if (Msisdn.Key(q.Sender) is { } sender)
        {
            var end = sender + ":";
            rows = Broad(sender)
                ? rows.Where(r => string.Compare(r.SenderKey + "", sender) >= 0 && string.Compare(r.SenderKey + "", end) < 0)
                : rows.Where(r => string.Compare(r.SenderKey, sender) >= 0 && string.Compare(r.SenderKey, end) < 0);
        }
        if (Msisdn.Key(q.Recipient) is { } recipient)
        {
            var end = recipient + ":";
            rows = Broad(recipient)
                ? rows.Where(r => string.Compare(r.RecipientKey + "", recipient) >= 0 && string.Compare(r.RecipientKey + "", end) < 0)
                : rows.Where(r => string.Compare(r.RecipientKey, recipient) >= 0 && string.Compare(r.RecipientKey, end) < 0);
        }
        // With an operator, only the lint index may answer: its key implies the operator, so the operator is not asked again.
        if (q.LintOnly && !string.IsNullOrWhiteSpace(q.Partner)) rows = rows.Where(r => r.LintPartner == q.Partner);
        else if (q.LintOnly) rows = rows.Where(r => r.LintPartner != null);
        if (Mm4Classifier.Id(q.TransactionId) is { } tid) rows = rows.Where(r => r.TransactionId == tid);
        if (Mm4Classifier.Id(q.MessageId) is { } mid) rows = rows.Where(r => r.MessageId == mid);
        if (!string.IsNullOrWhiteSpace(q.QueueId)) rows = rows.Where(r => r.QueueId == q.QueueId);
        if (!string.IsNullOrWhiteSpace(q.Type)) { var type = Mm4MessageType.Parse(q.Type).Name; rows = rows.Where(r => r.Type == type); }
        if (!string.IsNullOrWhiteSpace(q.Partner) && !q.LintOnly) rows = rows.Where(r => r.Partner == q.Partner);
        if (q.Direction is { } d) rows = rows.Where(r => r.Direction == d);
        if (q.State is { } s) rows = rows.Where(r => r.State == s);
        if (q.From is { } from) { var ms = from.ToUnixTimeMilliseconds(); rows = rows.Where(r => r.AcceptedAt >= ms); }
        if (q.To is { } to) { var ms = to.ToUnixTimeMilliseconds(); rows = rows.Where(r => r.AcceptedAt < ms); }
        // (AcceptedAt, Id) < cursor, written so that the first term is a range the index walks and the second only sorts out ties.
        if (before is { } c) rows = rows.Where(r => r.AcceptedAt <= c.AcceptedAt && (r.AcceptedAt < c.AcceptedAt || r.Id < c.Id));
        return await rows.OrderByDescending(r => r.AcceptedAt).ThenByDescending(r => r.Id).Take(Math.Clamp(limit, 1, MaxPage))
            .ToListAsync(ct).ConfigureAwait(false);
    }

    // Fewer digits than a country code and a national destination code: most of the ledger may match.
    private static bool Broad(string digits) => digits.Length < 6;

    public async Task<LedgerRow?> FindAsync(long id, CancellationToken ct = default)
    {
        await store.PrepareAsync(ct).ConfigureAwait(false);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return await db.Transactions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct).ConfigureAwait(false);
    }

    /// <summary>The transactions a queued message takes part in: as the REQ, or (from its MM4 ids) as the RES or
    /// delivery report that joined one. For the message drawer.</summary>
    public async Task<IReadOnlyList<LedgerRow>> ForMessageAsync(string queueId, string? transactionId, string? messageId, CancellationToken ct = default)
    {
        await store.PrepareAsync(ct).ConfigureAwait(false);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var rows = await db.Transactions.AsNoTracking().Where(r => r.QueueId == queueId).ToListAsync(ct).ConfigureAwait(false);
        var tid = Mm4Classifier.Id(transactionId);
        var mid = Mm4Classifier.Id(messageId);
        if (tid is not null) rows.AddRange(await db.Transactions.AsNoTracking().Where(r => r.TransactionId == tid).Take(20).ToListAsync(ct).ConfigureAwait(false));
        if (mid is not null) rows.AddRange(await db.Transactions.AsNoTracking().Where(r => r.MessageId == mid).Take(20).ToListAsync(ct).ConfigureAwait(false));
        return rows.DistinctBy(r => r.Id).OrderBy(r => r.AcceptedAt).ToList();
    }

    /// <summary>REQs handed over and awaiting their RES now, per partner and direction (from the state index:
    /// only the awaiting rows are read).</summary>
    public async Task<IReadOnlyDictionary<(string Partner, TrafficDirection Direction), long>> AwaitingAsync(CancellationToken ct = default)
    {
        await store.PrepareAsync(ct).ConfigureAwait(false);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var rows = await db.Transactions.AsNoTracking().Where(r => r.State == TransactionState.AwaitingResponse)
            .GroupBy(r => new { r.Partner, r.Direction }).Select(g => new { g.Key.Partner, g.Key.Direction, Count = g.LongCount() })
            .ToListAsync(ct).ConfigureAwait(false);
        return rows.ToDictionary(r => (r.Partner, r.Direction), r => r.Count);
    }

    /// <summary>The database behind the ledger cannot answer now (gone, locked, full): the console says so and
    /// keeps what it showed; anything else is a bug and is thrown on.</summary>
    public static bool IsUnavailable(Exception e) =>
        e is System.Data.Common.DbException or DbUpdateException or IOException or TimeoutException
        || e.InnerException is System.Data.Common.DbException or IOException or TimeoutException;

    /// <summary>Rows in <paramref name="state"/> now (from the state index).</summary>
    public async Task<long> CountAsync(TransactionState state, CancellationToken ct = default)
    {
        await store.PrepareAsync(ct).ConfigureAwait(false);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return await db.Transactions.CountAsync(r => r.State == state, ct).ConfigureAwait(false);
    }
}
