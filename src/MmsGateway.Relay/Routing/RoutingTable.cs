namespace MmsGateway.Relay.Routing;

/// <summary>The mailertable: recipient domain → next hops. Immutable; a change builds a new table
/// that <see cref="RoutingRules"/> swaps in whole (issue 4 hot reload).</summary>
/// <remarks>Lookup as sendmail's mailertable: the exact domain first, then ".parent" keys from the
/// nearest parent up (".mcc238.gprs" covers every MNC of that country), then "." (everything).</remarks>
public sealed class RoutingTable
{
    private readonly Dictionary<string, Route> _routes;

    public static readonly RoutingTable Empty = new([]);

    public RoutingTable(IEnumerable<Route> routes)
    {
        _routes = new Dictionary<string, Route>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in routes)
            if (!_routes.TryAdd(r.Key, r)) throw new ArgumentException($"route key '{r.Key}' appears twice");
    }

    public IReadOnlyCollection<Route> Routes => _routes.Values;

    public Route? Resolve(string domain)
    {
        if (_routes.TryGetValue(domain, out var exact)) return exact;
        for (var dot = domain.IndexOf('.'); dot >= 0; dot = domain.IndexOf('.', dot + 1))
            if (_routes.TryGetValue(domain[dot..], out var parent)) return parent;
        return _routes.GetValueOrDefault(".");
    }

    /// <summary>Builds a table from "key" → "hop hop ..." (spaces or commas between hops), naming
    /// the offending key in every error so a start-up failure points at the line to fix.</summary>
    public static RoutingTable Parse(IEnumerable<KeyValuePair<string, string>> entries, string keyPrefix, out List<string> errors)
    {
        errors = [];
        var routes = new List<Route>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rawKey, value) in entries)
        {
            var key = rawKey.Trim().ToLowerInvariant();
            if (!IsKey(key)) { errors.Add($"{keyPrefix}:{rawKey} is not a domain, a .parent domain or '.'"); continue; }
            if (!seen.Add(key)) { errors.Add($"{keyPrefix}:{rawKey} appears twice"); continue; }
            var hops = new List<NextHop>();
            foreach (var text in (value ?? "").Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (NextHop.TryParse(text, out var hop, out var error)) hops.Add(hop);
                else errors.Add($"{keyPrefix}:{rawKey}: {error}");
            }
            if (hops.Count == 0) errors.Add($"{keyPrefix}:{rawKey} names no next hop");
            else routes.Add(new Route(key, hops));
        }
        return errors.Count == 0 ? new RoutingTable(routes) : Empty;
    }

    private static bool IsKey(string key)
    {
        if (key == ".") return true;
        var name = key.StartsWith('.') ? key[1..] : key;
        return name.Length is > 0 and <= 253 && !name.EndsWith('.') && !name.Contains("..") &&
               name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
    }
}
