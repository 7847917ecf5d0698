using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Policy;

/// <summary>Rules from configuration, the base under the registry's: Gateway:Routes (domain, ".parent"
/// or "." → next hops, e.g. "mms.mnc002.mcc238.gprs": "[10.0.0.2] [10.0.0.3]"), Gateway:LocalDomains
/// (our own MMS domains, each needs a route to our MMSC), Gateway:RelayClients (address, CIDR or host
/// name; default loopback, as sendmail relays for localhost; "none" for nobody) and Gateway:Access
/// (access-map lines such as "From:mms.mnc003.mcc238.gprs OK").</summary>
public sealed class RulesOptions
{
    public static readonly string[] DefaultRelayClients = ["127.0.0.0/8", "::1"];

    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string[] LocalDomains { get; set; } = [];

    public string[] RelayClients { get; set; } = [];

    public string[] Access { get; set; } = [];

    /// <summary>The rules these options describe; every error names its configuration key.</summary>
    public RulesSource ToSource(out List<string> errors)
    {
        var table = RoutingTable.Parse(Routes, "Gateway:Routes", out errors);
        var local = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < LocalDomains.Length; i++)
        {
            var d = LocalDomains[i].Trim().ToLowerInvariant();
            if (!DomainKey.IsValid(d)) errors.Add($"Gateway:LocalDomains:{i} '{LocalDomains[i]}' is not a domain");
            else if (table.Routes.All(r => r.Key != d)) errors.Add($"Gateway:LocalDomains:{i} {d} has no route to our MMSC in Gateway:Routes");
            else local.Add(d);
        }
        var clients = RelayClients.Length == 0 ? DefaultRelayClients
            : RelayClients.Any(c => c.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) ? [] : RelayClients;
        for (var i = 0; i < clients.Length; i++)
            if (!ClientPattern.TryNormalise(clients[i], out _, out var error)) errors.Add($"Gateway:RelayClients:{i} {error}");
        var access = new List<AccessEntry>();
        for (var i = 0; i < Access.Length; i++)
        {
            if (AccessEntry.TryParse(Access[i], out var entry, out var error)) access.Add(entry);
            else errors.Add($"Gateway:Access:{i} {error}");
        }
        var routes = table.Routes.Select(r => local.Contains(r.Key) ? r with { Local = true } : r).ToList();
        return new RulesSource(routes, clients, access, []);
    }
}
