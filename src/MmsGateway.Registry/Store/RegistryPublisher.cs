using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Store;

/// <summary>Turns the registry into the relay's rules: on every commit made here (at once) and on
/// every revision seen by the poll (a change from the command line, or another gateway).</summary>
public sealed class RegistryPublisher(IDbContextFactory<RegistryDbContext> factory, LiveRules rules, TimeProvider clock, ILogger<RegistryPublisher> log)
{
    // While publishing keeps failing, the error is logged on the first attempt and then once a minute,
    // not once a second: the console and /readyz carry it meanwhile.
    private const int LogEvery = 60;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Set while the registry is ahead of the relay: its latest revision could not be turned
    /// into rules (an inconsistent entry, an unreadable database). The rules in force stay those of
    /// <see cref="Revision"/>; every poll tries again. Null once they match.</summary>
    public PublishFailure? Failure { get; private set; }

    /// <summary>The registry revision the rules in force were built from; -1 before the first load.</summary>
    public long Revision { get; private set; } = -1;

    public DateTimeOffset? LoadedAt { get; private set; }

    public async Task<RuleSet> ReloadAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        long? seen = null;
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var (source, revision) = await RegistryRules.LoadAsync(db, ct).ConfigureAwait(false);
            seen = revision;
            var set = rules.Apply(source);
            Revision = revision;
            LoadedAt = clock.GetUtcNow();
            if (Failure is { } healed)
                log.LogWarning("Registry revision {Revision} is in force after {Attempts} failed attempts since {Since:O}", revision, healed.Attempts, healed.Since);
            Failure = null;
            foreach (var w in set.Warnings) log.LogWarning("Rules {Version}: {Warning}", set.Version, w);
            log.LogInformation("Rules {Version} in force from registry revision {Revision}: {Routes} routes, {Access} access entries",
                set.Version, revision, set.Routing.Routes.Count, set.Access.Count());
            return set;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            seen ??= await TryReadRevisionAsync().ConfigureAwait(false);
            var previous = Failure;
            var failure = new PublishFailure(seen ?? previous?.Revision, Revision, e.Message, previous?.Since ?? clock.GetUtcNow(), (previous?.Attempts ?? 0) + 1);
            Failure = failure;
            if (failure.Attempts % LogEvery == 1)
                log.LogError(e, "Registry revision {Revision} could not be put in force ({Attempts} attempts since {Since:O}); the relay keeps revision {InForce}",
                    failure.Revision?.ToString() ?? "?", failure.Attempts, failure.Since, Revision);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    // The revision that failed, for the message; null when the database cannot even say that.
    private async Task<long?> TryReadRevisionAsync()
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync().ConfigureAwait(false);
            return await db.Revisions.AsNoTracking().Where(r => r.Id == 1).Select(r => (long?)r.Revision).FirstOrDefaultAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            return null;
        }
    }

    /// <summary>Reloads when the registry's revision differs from the one in force.</summary>
    public async Task<bool> ReloadIfChangedAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var revision = await db.Revisions.AsNoTracking().Where(r => r.Id == 1).Select(r => r.Revision).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (revision == Revision) return false;
        await ReloadAsync(ct).ConfigureAwait(false);
        return true;
    }
}

/// <summary>The registry is ahead of the relay: <see cref="Revision"/> (null when it could not even be
/// read) is saved but not in force; the relay runs <see cref="InForce"/>.</summary>
public sealed record PublishFailure(long? Revision, long InForce, string Error, DateTimeOffset Since, int Attempts);
