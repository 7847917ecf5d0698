using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MmsGateway.Registry.Ledger;

/// <summary>The ledger's SQLite connections commit without an fsync of their own (WAL with synchronous=NORMAL: a
/// commit is durable once the WAL is checkpointed). The ledger is a record of what the relay saw, written a quarter
/// second after it (a crash loses that much anyway), and an fsync per batch competed for the disk with the spool's,
/// whose fsync is what every 250 waits for. SQLite still never corrupts the file.</summary>
public sealed class LedgerConnectionSettings : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection) return;
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL;";
        pragma.ExecuteNonQuery();
    }
}
