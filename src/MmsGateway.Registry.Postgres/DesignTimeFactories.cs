using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Ledger;
using MmsGateway.Registry.Model;

namespace MmsGateway.Registry.Postgres;

// For `dotnet ef migrations add X --project src/MmsGateway.Registry.Postgres --context RegistryDbContext|LedgerDbContext
// --output-dir Registry|Ledger`: adding a migration reads the model only, it never connects.
public sealed class RegistryFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseRegistry(RegistryProvider.Postgres, DesignTime.Connection).Options);
}

public sealed class LedgerFactory : IDesignTimeDbContextFactory<LedgerDbContext>
{
    public LedgerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LedgerDbContext>().UseLedger(RegistryProvider.Postgres, DesignTime.Connection).Options);
}

internal static class DesignTime
{
    public const string Connection = "Host=/nonexistent;Database=design";
}
