using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Hosting;

namespace MmsGateway.Registry.Nodes;

/// <summary>The gateways of the site as the shared registry knows them: name, API, version, when each started and
/// whether it is alive (a heartbeat within <see cref="StaleAfter"/>).</summary>
public sealed class NodeDirectory(IDbContextFactory<RegistryDbContext> factory, NodeIdentity self, TimeProvider clock)
{
    // Three beats missed: a node that dies is shown stale within 7-9 s.
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(7);

    public async Task<IReadOnlyList<NodeView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var rows = await db.Nodes.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return rows.OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => new NodeView(n.Name, n.Api, n.Version, n.StartedAt, n.HeartbeatAt, now - n.HeartbeatAt > StaleAfter, n.Name == self.Name))
            .ToList();
    }
}

public sealed record NodeView(string Name, string? Api, string Version, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Stale, bool Self);
