using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Tests.Ledger;

/// <summary>The store's own writes on a real ledger (a SQLite file, a PostgreSQL database): batches that each change a few columns of a row, and a row
/// changed by another writer (another gateway) between the store's read and its write.</summary>
public abstract class LedgerStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TrafficParties ToThree = new("Three", TrafficDirection.Outbound, null, "local", "Three");
    private static readonly TrafficParties FromThree = new("Three", TrafficDirection.Inbound, null, "Three", "local");
    private readonly Interloper _interloper = new();
    private readonly LedgerDatabase _db;

    protected LedgerStoreTests(RegistryProvider provider) => _db = new LedgerDatabase(provider);

    private LedgerStore Store(params IInterceptor[] interceptors) => new(new PooledDbContextFactory<LedgerDbContext>(_db.Options(interceptors)));

    private static ObservedMessage Message(string type, TrafficParties parties, string queueId, DateTimeOffset at, string tid, string? status = null,
        IReadOnlyList<LintFinding>? findings = null, string? mid = null, string? mmStatus = null) =>
        new(at, queueId, new Mm4Message(Mm4MessageType.Parse(type))
        {
            TransactionId = tid, MessageId = mid ?? "M-" + tid, Version = "6.3.0", AckRequest = "Yes", RequestStatus = status, DeliveryReport = "Yes",
            MmStatus = mmStatus,
            From = "+4587654321/TYPE=PLMN", To = ["+4512345678/TYPE=PLMN"],
        }, parties, 1234, TimeSpan.FromMinutes(10), findings ?? []);

    private async Task<LedgerRow> RowAsync(string tid)
    {
        await using var db = new LedgerDbContext(_db.Options());
        return await db.Transactions.AsNoTracking().SingleAsync(r => r.TransactionId == tid && !r.IsResponse);
    }

    [Fact]
    public async Task Batches_that_each_change_a_few_columns_keep_the_rest_of_the_row_as_written()
    {
        var store = Store();
        var lint = new LintFinding(LintRule.Version, "X-Mms-3GPP-MMS-Version \"6.3\" is not d.d.d");
        await store.ApplyAsync([Message("MM4_forward.REQ", ToThree, "Q1", T0, "T1", findings: [lint])], CancellationToken.None);
        await store.ApplyAsync([new ObservedHandOver(T0.AddSeconds(1), "Q1")], CancellationToken.None);
        await store.ApplyAsync([Message("MM4_forward.RES", FromThree, "Q2", T0.AddSeconds(3), "T1", status: "Ok")], CancellationToken.None);
        await store.ApplyAsync([Message("MM4_delivery_report.REQ", FromThree, "Q3", T0.AddSeconds(9), "T9", mid: "M-T1", mmStatus: "Retrieved")],
            CancellationToken.None);

        var row = await RowAsync("T1");
        Assert.Equal((TransactionState.Answered, "Ok", 2000L, "Q2"), (row.State, row.ResponseStatus, row.LatencyMs, row.ResponseQueueId));
        Assert.Equal((T0.AddSeconds(1).ToUnixTimeMilliseconds(), T0.AddSeconds(1).AddMinutes(10).ToUnixTimeMilliseconds()), (row.HandedOverAt, row.Deadline));
        Assert.Equal(("Retrieved", "Q3"), (row.ReportStatus, row.ReportQueueId));
        // Written by the first batch only, and never named again.
        Assert.Equal(("Three", "Q1", "4587654321", "4512345678", 1234L), (row.LintPartner, row.QueueId, row.SenderKey, row.RecipientKey, row.Size));
        Assert.Contains("6.3", row.Lint);
        Assert.Equal(T0.ToUnixTimeMilliseconds(), row.AcceptedAt);
        Assert.Equal(3, row.Version);   // one for each batch that changed it
    }

    [Fact]
    public async Task A_row_another_writer_changed_since_it_was_read_is_applied_again_on_the_fresh_row()
    {
        await Store().ApplyAsync([Message("MM4_forward.REQ", ToThree, "Q1", T0, "T1")], CancellationToken.None);
        var store = Store(_interloper);
        // Between this store's read of the row and its update, another gateway hands the same REQ over (a copy it also held).
        _interloper.Before = "UPDATE \"Mm4Transactions\" SET \"HandedOverAt\" = 5, \"State\" = 'AwaitingResponse', \"Deadline\" = 600005, \"Version\" = \"Version\" + 1 WHERE \"TransactionId\" = 'T1'";
        await store.ApplyAsync([new ObservedHandOver(T0.AddSeconds(1), "Q1")], CancellationToken.None);

        Assert.Equal(1, _interloper.Done);
        var row = await RowAsync("T1");
        // The store's write found the row moved on and was not made; applied again on the fresh row, which the other had
        // already handed over, the hand-over changes nothing (the other's stands, not overwritten, not counted twice).
        Assert.Equal((5L, 600005L, TransactionState.AwaitingResponse, 1), (row.HandedOverAt, row.Deadline, row.State, row.Version));
    }

    public void Dispose() => _db.Dispose();

    /// <summary>Runs <see cref="Before"/> on a connection of its own when the store begins its first write transaction
    /// (after its reads and its decisions), once.</summary>
    private sealed class Interloper : DbTransactionInterceptor
    {
        public string? Before { get; set; }

        public int Done { get; private set; }

        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            Interfere(connection);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result)
        {
            Interfere(connection);
            return result;
        }

        private void Interfere(DbConnection connection)
        {
            if (Before is null || Done > 0) return;
            Done++;
            using var other = (DbConnection)Activator.CreateInstance(connection.GetType(), connection.ConnectionString)!;
            other.Open();
            using var update = other.CreateCommand();
            update.CommandText = Before;
            update.ExecuteNonQuery();
        }
    }
}

public sealed class LedgerStoreOnSqlite() : LedgerStoreTests(RegistryProvider.Sqlite);

public sealed class LedgerStoreOnPostgres() : LedgerStoreTests(RegistryProvider.Postgres);
