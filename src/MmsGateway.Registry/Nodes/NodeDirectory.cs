using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Hosting;

namespace MmsGateway.Registry.Nodes;

/// <summary>The gateways of the site as the shared registry knows them: name, API, version, when each started and
/// whether it is alive (a heartbeat within <see cref="StaleAfter"/>).</summary>
public sealed class NodeDirectory(IDbContextFactory<RegistryDbContext> factory, NodeIdentity self, TimeProvider clock, NodeHeartbeat? heartbeat = null)
{
    // Three beats missed: a node that dies is shown stale within 7-9 s.
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(7);

    /// <summary>Whether this node is one of a site (its heartbeat runs): else the list is this node alone.</summary>
    public bool IsSite => heartbeat?.Running == true;

    public async Task<IReadOnlyList<NodeView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var rows = await db.Nodes.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var nodes = rows.Select(n => new NodeView(n.Name, n.Api, n.Version, n.StartedAt, n.HeartbeatAt, now - n.HeartbeatAt > StaleAfter, n.Name == self.Name, n.Number,
            NodeLoad.Parse(n.Load)))
            .ToList();
        // This node, alive by definition, where it beats no row (an embedded SQLite registry: no heartbeat runs).
        if (heartbeat is not null && !nodes.Any(n => n.Self))
            nodes.Add(new NodeView(self.Name, heartbeat.Api, NodeHeartbeat.Version, heartbeat.StartedAt, now, Stale: false, Self: true, Number: 0));
        return nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
    }
}

/// <param name="Number">The node's number in the queue ids it mints (<see cref="MmsGateway.Relay.Queue.QueueId.Node"/>).</param>
/// <param name="Load">Its queue and rules revision as of its last heartbeat (null: none written yet).</param>
public sealed record NodeView(string Name, string? Api, string Version, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Stale, bool Self, int? Number,
    NodeLoad? Load = null);
