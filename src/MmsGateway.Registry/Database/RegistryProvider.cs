using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace MmsGateway.Registry.Database;

/// <summary>Where the registry and the ledger live. SQLite files (the embedded default: one gateway); PostgreSQL for
/// a site of several gateways sharing one registry (issue 15; docs/multi-node.md).</summary>
public enum RegistryProvider
{
    Sqlite,
    Postgres,
}

public static class RegistryProviders
{
    /// <summary>The assembly that holds the PostgreSQL migrations: EF Core keeps one migration history per
    /// assembly, so each provider has its own (the SQLite ones stay in MmsGateway.Registry).</summary>
    public const string PostgresMigrations = "MmsGateway.Registry.Postgres";

    /// <summary>Each context keeps its own history table: on PostgreSQL the registry and the ledger share one database.</summary>
    public const string LedgerHistoryTable = "__LedgerMigrationsHistory";

    /// <summary><c>Registry:Provider</c>: Sqlite (default) or Postgres (PostgreSQL also accepted), any case.</summary>
    public static RegistryProvider From(IConfiguration configuration)
    {
        var value = configuration["Registry:Provider"];
        if (string.IsNullOrWhiteSpace(value) || value.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)) return RegistryProvider.Sqlite;
        if (value.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || value.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
            return RegistryProvider.Postgres;
        throw new InvalidOperationException($"Registry:Provider '{value}' is not known: use Sqlite (the default) or Postgres");
    }

    public static DbContextOptionsBuilder UseRegistry(this DbContextOptionsBuilder options, RegistryProvider provider, string connection) =>
        provider == RegistryProvider.Postgres
            ? options.UseNpgsql(connection, o => o.MigrationsAssembly(PostgresMigrations))
            : options.UseSqlite(connection);

    public static DbContextOptionsBuilder UseLedger(this DbContextOptionsBuilder options, RegistryProvider provider, string connection) =>
        provider == RegistryProvider.Postgres
            ? options.UseNpgsql(connection, o => o.MigrationsAssembly(PostgresMigrations).MigrationsHistoryTable(LedgerHistoryTable))
            : options.UseSqlite(connection);

    public static DbContextOptionsBuilder<T> UseRegistry<T>(this DbContextOptionsBuilder<T> options, RegistryProvider provider, string connection)
        where T : DbContext => (DbContextOptionsBuilder<T>)((DbContextOptionsBuilder)options).UseRegistry(provider, connection);

    public static DbContextOptionsBuilder<T> UseLedger<T>(this DbContextOptionsBuilder<T> options, RegistryProvider provider, string connection)
        where T : DbContext => (DbContextOptionsBuilder<T>)((DbContextOptionsBuilder)options).UseLedger(provider, connection);
}
