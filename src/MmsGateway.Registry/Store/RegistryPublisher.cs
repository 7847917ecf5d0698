using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Store;

/// <summary>Turns the registry into the relay's rules: on every commit made here (at once) and on
/// every revision seen by the poll (a change from the command line, or another gateway).</summary>
public sealed class RegistryPublisher(IDbContextFactory<RegistryDbContext> factory, LiveRules rules, TimeProvider clock, ILogger<RegistryPublisher> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The registry revision the rules in force were built from; -1 before the first load.</summary>
    public long Revision { get; private set; } = -1;

    public DateTimeOffset? LoadedAt { get; private set; }

    public async Task<RuleSet> ReloadAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var (source, revision) = await RegistryRules.LoadAsync(db, ct).ConfigureAwait(false);
            var set = rules.Apply(source);
            Revision = revision;
            LoadedAt = clock.GetUtcNow();
            foreach (var w in set.Warnings) log.LogWarning("Rules {Version}: {Warning}", set.Version, w);
            log.LogInformation("Rules {Version} in force from registry revision {Revision}: {Routes} routes, {Access} access entries",
                set.Version, revision, set.Routing.Routes.Count, set.Access.Count());
            return set;
        }
        finally
        {
            _gate.Release();
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
