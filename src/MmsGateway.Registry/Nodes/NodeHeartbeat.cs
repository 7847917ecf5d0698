using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Queue;
using MmsGateway.Registry.Store;

namespace MmsGateway.Registry.Nodes;

/// <summary>Keeps this gateway's row in the registry's node list fresh (every <see cref="Interval"/>), so that the other
/// nodes find its API and see it alive; a node whose row is older than <see cref="NodeDirectory.StaleAfter"/> is shown
/// stale. Each node writes only its own row: no coordination, nothing to elect. A database that is down is reported
/// once and tried again on the next beat; mail never waits for it.</summary>
public sealed class NodeHeartbeat(IDbContextFactory<RegistryDbContext> factory, NodeIdentity node, QueueIdGenerator ids, TimeProvider clock,
    ILogger<NodeHeartbeat> log, IQueueControl? queue = null, RegistryPublisher? publisher = null) : IHostedService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopping = new();
    private readonly DateTimeOffset _started = clock.GetUtcNow();
    private Task _loop = Task.CompletedTask;
    private bool _failing;

    public DateTimeOffset StartedAt => _started;

    /// <summary>The console and API address the other nodes reach this one at; set once the web host has bound it.</summary>
    public string? Api { get; set; }

    /// <summary>Whether this node beats (a site on a shared registry); an embedded registry runs no heartbeat.</summary>
    public bool Running { get; private set; }

    /// <summary>Sets <see cref="Api"/> and, on a site, tells the other nodes at once rather than at the next beat.</summary>
    public void Announce(string? api, CancellationToken ct)
    {
        Api = api;
        if (Running) _ = BeatAsync(ct);
    }

    public static string Version { get; } =
        typeof(NodeHeartbeat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } v
            ? (v.IndexOf('+') is var plus and > 0 && v.Length > plus + 8 ? v[..(plus + 8)] : v)
            : "unknown";

    /// <summary>Claims this node's number for its queue ids before the relay mints one (the registry is reachable at
    /// start: it has just been migrated), then beats.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ids.Node = await ClaimNumberAsync(cancellationToken).ConfigureAwait(false);
        Running = true;
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    /// <summary>The number this node's row holds, or the lowest free one, taken by a write that the unique index
    /// lets only one node win. A node's number is kept by its name for good: its old ids may still be queued.</summary>
    public async Task<int> ClaimNumberAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var row = await db.Nodes.FindAsync([node.Name], ct).ConfigureAwait(false);
            if (row?.Number is { } kept) return kept;
            var taken = (await db.Nodes.Where(n => n.Number != null).Select(n => n.Number!.Value).ToListAsync(ct).ConfigureAwait(false)).ToHashSet();
            var free = Enumerable.Range(0, QueueIdGenerator.MaxNodes).Where(n => !taken.Contains(n)).Cast<int?>().FirstOrDefault()
                ?? throw new InvalidOperationException($"All {QueueIdGenerator.MaxNodes} node numbers of the site's queue ids are taken "
                    + "(the registry's Nodes table keeps a retired node's number: delete its row to free it)");
            if (row is null) db.Nodes.Add(row = new NodeRecord { Name = node.Name, Version = Version, StartedAt = StartedAt, HeartbeatAt = clock.GetUtcNow() });
            row.Number = free;
            try
            {
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                log.LogInformation("Node {Node} has number {Number} in the site's queue ids", node.Name, free);
                return free;
            }
            catch (DbUpdateException) when (attempt < QueueIdGenerator.MaxNodes)
            {
                // Another node took that number, or inserted this name's row, between our read and our write.
            }
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do await BeatAsync(_stopping.Token).ConfigureAwait(false);
        while (await Tick(timer).ConfigureAwait(false));
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try { return await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Writes this node's row now.</summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var row = await db.Nodes.FindAsync([node.Name], ct).ConfigureAwait(false);
            if (row is null) db.Nodes.Add(row = new NodeRecord { Name = node.Name, Version = Version });
            row.Version = Version;
            row.Api = Api ?? row.Api;
            row.StartedAt = StartedAt;
            row.HeartbeatAt = clock.GetUtcNow();
            // The index's counts: a few microseconds, no spool read.
            if (queue is not null) row.Load = NodeLoad.Of(queue.GetCounts(), publisher?.Revision ?? -1).ToJson();
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            if (_failing) log.LogInformation("Node {Node} heartbeat written again", node.Name);
            _failing = false;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            if (!_failing) log.LogWarning("Node {Node} heartbeat not written ({Error}); the other nodes will see it stale", node.Name, e.GetBaseException().Message);
            _failing = true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }
}
