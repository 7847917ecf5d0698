using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Store;

/// <summary>Reads the registry into the relay's plain rules.</summary>
public static class RegistryRules
{
    public static async Task<(RulesSource Source, long Revision)> LoadAsync(RegistryDbContext db, CancellationToken ct = default)
    {
        var revision = await db.Revisions.AsNoTracking().Where(r => r.Id == 1).Select(r => r.Revision).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var operators = await db.Operators.AsNoTracking().Include(o => o.Domains).ToListAsync(ct).ConfigureAwait(false);
        var own = await db.OwnDomains.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        var clients = await db.RelayClients.AsNoTracking().Select(c => c.Pattern).ToListAsync(ct).ConfigureAwait(false);
        var access = await db.AccessRules.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);

        var routes = new List<Route>();
        foreach (var o in operators)
        {
            var hops = Hops(o.NextHops, o.Name);
            routes.AddRange(o.Domains.Select(d => new Route(d.Domain, hops)
            {
                Operator = o.Name,
                Status = o.Status,
                StatusText = o.StatusText,
                Concurrency = o.MaxConnections,
                QueueLifetime = o.QueueLifetime,
                Tls = new TlsPolicy(o.Tls, o.TlsPin, o.TlsCaFile),
                ResponseTimeout = o.ResponseTimeout,
                MaxMessageSize = o.MaxMessageSize,
                LintReject = o.LintReject,
            }));
        }
        routes.AddRange(own.Select(d => new Route(d.Domain, Hops(d.MmscHops, d.Domain)) { Local = true }));
        var entries = access.Select(a => AccessEntry.TryCreate(a.Kind, a.Key, a.Action, a.Text, out var e, out var error)
            ? e : throw new ArgumentException($"access rule {a.Kind}:{a.Key}: {error}")).ToList();
        var agreements = operators.Where(o => o.InboundAllowed).SelectMany(o => o.Domains.Select(d => d.Domain)).ToList();
        return (new RulesSource(routes, clients, entries, agreements), revision);
    }

    private static List<NextHop> Hops(IEnumerable<string> texts, string owner) => texts
        .Select(t => NextHop.TryParse(t, out var hop, out var error) ? hop : throw new ArgumentException($"{owner}: {error}"))
        .ToList();
}
