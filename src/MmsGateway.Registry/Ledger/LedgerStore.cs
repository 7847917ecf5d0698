using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MmsGateway.Relay.Ledger;

namespace MmsGateway.Registry.Ledger;

/// <summary>The ledger in the database: each batch in one transaction, its rows loaded by the ids the batch
/// names, changed by <see cref="Correlator"/>, its counters added in the same commit. Two gateways may write
/// at once (issue 15): a row changed by the other in between fails the commit (its Version moved), and the
/// batch is applied again on fresh rows.</summary>
public sealed class LedgerStore(IDbContextFactory<LedgerDbContext> factory) : ILedgerStore
{
    private const int Attempts = 3, ExpireChunk = 5000, PruneChunk = 20_000, CounterRowsPerStatement = 100;
    private volatile bool _ready;
    private readonly SemaphoreSlim _preparing = new(1, 1);

    /// <summary>Applies migrations (once per process; again after a failure).</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        if (_ready) return;
        await _preparing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_ready) return;
            await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
            await db.Database.MigrateAsync(ct).ConfigureAwait(false);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct).ConfigureAwait(false);
            await OptimizeAsync(db, ct).ConfigureAwait(false);
            _ready = true;
        }
        finally { _preparing.Release(); }
    }

    public async Task<LedgerCounts> ApplyAsync(IReadOnlyList<LedgerObservation> batch, CancellationToken ct)
    {
        await PrepareAsync(ct).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try { return await ApplyOnceAsync(batch, ct).ConfigureAwait(false); }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts) { }
        }
    }

    private async Task<LedgerCounts> ApplyOnceAsync(IReadOnlyList<LedgerObservation> batch, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        await db.Database.OpenConnectionAsync(ct).ConfigureAwait(false);
        var messages = batch.OfType<ObservedMessage>().ToList();
        // A hand-over whose REQ is in this batch finds that REQ in memory.
        var inBatch = messages.Select(m => m.QueueId).ToHashSet(StringComparer.Ordinal);
        var queueIds = batch.OfType<ObservedHandOver>().Select(h => h.QueueId).Where(q => !inBatch.Contains(q)).Distinct().ToList();
        var transactionIds = messages.Select(m => m.Message.TransactionId).OfType<string>().Distinct().ToList();
        var messageIds = messages.Select(m => m.Message.MessageId).OfType<string>().Distinct().ToList();
        var loaded = new List<LedgerRow>();
        loaded.AddRange(await LedgerTable.LoadAsync(db, "QueueId", queueIds, ct).ConfigureAwait(false));
        loaded.AddRange(await LedgerTable.LoadAsync(db, "TransactionId", transactionIds, ct).ConfigureAwait(false));
        loaded.AddRange(await LedgerTable.LoadAsync(db, "MessageId", messageIds, ct).ConfigureAwait(false));
        // One object a row: a row found by two of its ids is the same row.
        var rows = loaded.DistinctBy(r => r.Id).ToList();
        var set = new LedgerWorkingSet(rows);
        var readAt = LedgerSnapshot.Of(db, rows);
        var counts = new LedgerCounts();
        foreach (var o in batch) Correlator.Apply(o, set, counts);
        await SaveAsync(db, set, readAt, counts, ct).ConfigureAwait(false);
        return counts;
    }

    public async Task<LedgerCounts> ExpireAsync(DateTimeOffset now, CancellationToken ct)
    {
        await PrepareAsync(ct).ConfigureAwait(false);
        var total = new LedgerCounts();
        var ms = now.ToUnixTimeMilliseconds();
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
            await db.Database.OpenConnectionAsync(ct).ConfigureAwait(false);
            var due = await db.Transactions.AsNoTracking()
                .Where(r => r.State == TransactionState.AwaitingResponse && r.Deadline <= ms)
                .OrderBy(r => r.Deadline).Take(ExpireChunk).ToListAsync(ct).ConfigureAwait(false);
            if (due.Count == 0) return total;
            var set = new LedgerWorkingSet(due);
            var readAt = LedgerSnapshot.Of(db, due);
            var counts = new LedgerCounts();
            foreach (var row in due) Correlator.Expire(row, ms, set, counts);
            try { await SaveAsync(db, set, readAt, counts, ct).ConfigureAwait(false); }
            catch (DbUpdateConcurrencyException) { return total; }   // another gateway did these; its counts stand
            foreach (var d in counts.Deltas) total.Add(d.Partner, d.Direction, d.Minute, d.Name, d.Delta);
            total.Latencies.AddRange(counts.Latencies);
            if (due.Count < ExpireChunk) return total;
        }
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        await PrepareAsync(ct).ConfigureAwait(false);
        var ms = before.ToUnixTimeMilliseconds();
        var minute = LedgerCounter.Minute(ms);
        var total = 0;
        // In chunks: one statement deleting a month of a busy day would hold the write lock for minutes.
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var ids = await db.Transactions.Where(r => r.AcceptedAt < ms).OrderBy(r => r.AcceptedAt).Select(r => r.Id)
                .Take(PruneChunk).ToListAsync(ct).ConfigureAwait(false);
            if (ids.Count == 0) break;
            total += await db.Transactions.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            if (ids.Count < PruneChunk) break;
        }
        await using (var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false))
        {
            await db.Counters.Where(c => c.Minute < minute).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.HourCounters.Where(c => c.Hour < minute / 60).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await OptimizeAsync(db, ct).ConfigureAwait(false);
        }
        return total;
    }

    // SQLite chooses among the ledger's indexes by their statistics; without them it took the operator index for the
    // lint list (a scan of the operator's rows) instead of the lint index. PRAGMA optimize gathers them where the
    // tables grew, cheaply (analysis_limit samples); run at start and with each prune. PostgreSQL's autovacuum does it there.
    private static async Task OptimizeAsync(LedgerDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return;
        await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyCollection<string>> UndeliveredQueueIdsAsync(CancellationToken ct)
    {
        await PrepareAsync(ct).ConfigureAwait(false);
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return await db.Transactions.Where(r => r.State == TransactionState.Undelivered && !r.IsResponse && r.HandedOverAt == null)
            .Select(r => r.QueueId).Distinct().ToListAsync(ct).ConfigureAwait(false);
    }

    private static async Task SaveAsync(LedgerDbContext db, LedgerWorkingSet set, LedgerSnapshot readAt, LedgerCounts counts,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        await LedgerTable.InsertAsync(db, set.Added, ct).ConfigureAwait(false);
        await LedgerTable.UpdateAsync(db, set.Updated.Where(r => !set.Removed.Contains(r)), readAt, ct).ConfigureAwait(false);
        await LedgerTable.DeleteAsync(db, set.Removed, readAt, ct).ConfigureAwait(false);
        foreach (var chunk in counts.Deltas.Chunk(CounterRowsPerStatement))
            await AddCountersAsync(db, "Mm4Counters", "Minute", chunk, ct).ConfigureAwait(false);
        var hours = counts.Deltas.GroupBy(d => (d.Partner, d.Direction, Hour: Math.DivRem(d.Minute, 60, out var r) - (r < 0 ? 1 : 0), d.Name))
            .Select(g => (g.Key.Partner, g.Key.Direction, g.Key.Hour, g.Key.Name, Delta: g.Sum(d => d.Delta)));
        foreach (var chunk in hours.Chunk(CounterRowsPerStatement))
            await AddCountersAsync(db, "Mm4HourCounters", "Hour", chunk, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    // An upsert that adds: the same SQL on SQLite (3.24+) and PostgreSQL, so that counters from two
    // gateways in one minute add up instead of overwriting each other.
    private static Task AddCountersAsync(LedgerDbContext db, string table, string period,
        (string Partner, Relay.Policy.TrafficDirection Direction, long Period, string Name, long Delta)[] rows, CancellationToken ct)
    {
        var sql = new StringBuilder($"INSERT INTO \"{table}\" (\"Partner\", \"Direction\", \"{period}\", \"Name\", \"Count\") VALUES ");
        var args = new List<object>(rows.Length * 5);
        for (var i = 0; i < rows.Length; i++)
        {
            if (i > 0) sql.Append(", ");
            var p = i * 5;
            sql.Append($"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}})");
            args.AddRange([rows[i].Partner, rows[i].Direction.ToString(), rows[i].Period, rows[i].Name, rows[i].Delta]);
        }
        sql.Append($" ON CONFLICT (\"Partner\", \"Direction\", \"{period}\", \"Name\") DO UPDATE SET \"Count\" = \"{table}\".\"Count\" + excluded.\"Count\"");
        return db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
    }
}
