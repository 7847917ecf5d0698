using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MmsGateway.Registry.Ledger;
using MmsGateway.Registry.Model;

namespace MmsGateway.Registry.Store;

/// <summary>Brings the registry up before the relay listens (migrations, first rules), then once a
/// second picks up changes made elsewhere and ends down statuses whose time has come. Registered
/// before the relay, so that the first RCPT is judged by the registry's rules.</summary>
public sealed class RegistrySync(
    IDbContextFactory<RegistryDbContext> factory,
    RegistryPublisher publisher,
    RegistryStore store,
    LedgerStore ledger,
    TimeProvider clock,
    ILogger<RegistrySync> log) : IHostedService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    // Host names among relay clients and Connect: entries are looked up again this often.
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(factory, cancellationToken).ConfigureAwait(false);
        await publisher.ReloadAsync(cancellationToken).ConfigureAwait(false);
        // The ledger must never keep mail from flowing: a ledger that cannot be prepared now is reported
        // by its writer and prepared on its next write.
        try { await ledger.PrepareAsync(cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            log.LogError(e, "The MM4 ledger could not be prepared; mail flows, the ledger is retried");
        }
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    /// <summary>Applies migrations; also used by the command line before an import.</summary>
    public static async Task PrepareAsync(IDbContextFactory<RegistryDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        await db.Database.MigrateAsync(ct).ConfigureAwait(false);
        if (db.Database.IsSqlite())   // readers (the relay's poll) never wait for a writer (the console)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct).ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var lastFull = clock.GetUtcNow();
        using var timer = new PeriodicTimer(Poll, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    await store.EndExpiredStatusesAsync(_stopping.Token).ConfigureAwait(false);
                    if (clock.GetUtcNow() - lastFull >= Refresh)
                    {
                        await publisher.ReloadAsync(_stopping.Token).ConfigureAwait(false);
                        lastFull = clock.GetUtcNow();
                    }
                    else await publisher.ReloadIfChangedAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or ArgumentException or System.Data.Common.DbException)
                {
                    // The rules in force stay; the next tick tries again. A failed publication has been
                    // logged (and is shown) by the publisher; other failures are logged here.
                    if (publisher.Failure is null) log.LogError(e, "Registry poll failed; the rules in force are kept");
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }
}
