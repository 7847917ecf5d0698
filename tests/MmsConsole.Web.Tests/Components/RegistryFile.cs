using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Components;

/// <summary>A real registry database file for component tests, migrated by <see cref="PrepareAsync"/>.</summary>
internal sealed class RegistryFile : IDisposable
{
    private readonly TempDir _dir = new();

    public RegistryFile() =>
        Factory = new PooledDbContextFactory<RegistryDbContext>(new DbContextOptionsBuilder<RegistryDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dir.Path, "registry.db")};Pooling=False").Options);

    public IDbContextFactory<RegistryDbContext> Factory { get; }

    public Task PrepareAsync() => RegistrySync.PrepareAsync(Factory, CancellationToken.None);

    /// <summary>Changes rows directly (as another gateway or an older version might) and bumps the revision.</summary>
    public async Task ChangeAsync(Action<RegistryDbContext> change)
    {
        await using var db = await Factory.CreateDbContextAsync();
        change(db);
        (await db.Revisions.SingleAsync()).Revision++;
        await db.SaveChangesAsync();
    }

    public void Dispose() => _dir.Dispose();
}
