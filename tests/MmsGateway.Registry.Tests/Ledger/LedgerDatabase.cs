using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Ledger;
using MmsGateway.Testing;

namespace MmsGateway.Registry.Tests.Ledger;

/// <summary>An empty ledger of its own for one test: a SQLite file, or a database in the shared PostgreSQL cluster.</summary>
public sealed class LedgerDatabase : IDisposable
{
    private readonly TempDir _dir = new();

    public LedgerDatabase(RegistryProvider provider)
    {
        Provider = provider;
        Connection = provider == RegistryProvider.Postgres ? PostgresCluster.Shared.CreateDatabase()
            : $"Data Source={Path.Combine(_dir.Path, "ledger.db")};Pooling=False";
    }

    public RegistryProvider Provider { get; }

    public string Connection { get; }

    public DbContextOptions<LedgerDbContext> Options(params IInterceptor[] interceptors) =>
        new DbContextOptionsBuilder<LedgerDbContext>().UseLedger(Provider, Connection).AddInterceptors(interceptors).Options;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Provider == RegistryProvider.Postgres) PostgresCluster.Shared.DropDatabase(Connection);
        _dir.Dispose();
    }
}
