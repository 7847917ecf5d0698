using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Ledger;

namespace MmsGateway.Registry.Tests;

/// <summary>Each provider's migrations (SQLite in MmsGateway.Registry, PostgreSQL in MmsGateway.Registry.Postgres)
/// build the schema the model describes: a model change without a migration for both fails here.</summary>
public abstract class SchemaTests(RegistryProvider provider) : IDisposable
{
    private RegistryHarness _h = null!;

    [Fact]
    public async Task The_registry_is_on_the_provider_under_test_and_its_migrations_match_the_model()
    {
        _h = await RegistryHarness.StartAsync(provider);
        await using var db = await _h.Factory.CreateDbContextAsync();

        Assert.Equal(provider == RegistryProvider.Postgres, db.Database.IsNpgsql());
        Assert.Equal(provider == RegistryProvider.Sqlite, db.Database.IsSqlite());
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task The_ledger_migrations_match_the_model_beside_the_registry_in_one_database()
    {
        _h = await RegistryHarness.StartAsync(provider);
        // On PostgreSQL the ledger shares the registry's database, with a migration history of its own.
        var connection = provider == RegistryProvider.Postgres ? _h.Connection : $"Data Source={Path.Combine(_h.Files, "ledger.db")};Pooling=False";
        var options = new DbContextOptionsBuilder<LedgerDbContext>().UseLedger(provider, connection).Options;
        await new LedgerStore(new PooledDbContextFactory<LedgerDbContext>(options)).PrepareAsync(CancellationToken.None);
        await using var db = new LedgerDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await using var registry = await _h.Factory.CreateDbContextAsync();
        Assert.Empty(await registry.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await registry.Database.GetAppliedMigrationsAsync());
    }

    public void Dispose() => _h?.Dispose();
}

public sealed class SchemaOnSqlite() : SchemaTests(RegistryProvider.Sqlite);

public sealed class SchemaOnPostgres() : SchemaTests(RegistryProvider.Postgres);
