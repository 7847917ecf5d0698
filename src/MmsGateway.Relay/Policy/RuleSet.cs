using System.Net;
using System.Net.Sockets;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Policy;

/// <summary>One immutable, indexed set of rules: the mailertable with each destination's status and
/// limits, our own domains, the relay clients, the access map and the <c>From:</c> whitelist.
/// Built whole by <see cref="LiveRules"/>; never changed afterwards, so readers need no lock.</summary>
public sealed class RuleSet
{
    private readonly List<(IPNetwork Network, AccessEntry Entry)> _connect;
    private readonly List<IPNetwork> _relayClients;
    private readonly Dictionary<string, AccessEntry> _to;
    private readonly Dictionary<string, AccessEntry> _from;
    private readonly HashSet<string> _agreements;

    private RuleSet(long version, RoutingTable routing, List<(IPNetwork, AccessEntry)> connect, List<IPNetwork> relayClients,
        Dictionary<string, AccessEntry> to, Dictionary<string, AccessEntry> from, HashSet<string> agreements, List<string> warnings)
    {
        Version = version;
        Routing = routing;
        // Most specific network first, so that "Connect:10.0.0.9 REJECT" beats "Connect:10.0.0 RELAY".
        _connect = connect.OrderByDescending(c => c.Item1.PrefixLength).ToList();
        _relayClients = relayClients;
        _to = to;
        _from = from;
        _agreements = agreements;
        Warnings = warnings;
        AnyLintReject = routing.Routes.Any(r => r.LintReject);
    }

    public long Version { get; }

    /// <summary>Some partner has the MM4 lint's reject mode on: only then does a session run the lint before its 250.</summary>
    public bool AnyLintReject { get; }

    public RoutingTable Routing { get; }

    /// <summary>Host names that did not resolve, and other things a NOC engineer should know.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlyList<IPNetwork> RelayClients => _relayClients;

    public IEnumerable<AccessEntry> Access => _connect.Select(c => c.Entry).Concat(_to.Values).Concat(_from.Values);

    public IReadOnlyCollection<string> AgreementDomains => _agreements;

    public Route? Resolve(string domain) => Routing.Resolve(domain);

    public bool IsRelayClient(IPAddress client)
    {
        client = Normalise(client);
        foreach (var net in _relayClients) if (net.Contains(client)) return true;
        return false;
    }

    public AccessEntry? Connect(IPAddress client)
    {
        client = Normalise(client);
        foreach (var (net, entry) in _connect) if (net.Contains(client)) return entry;
        return null;
    }

    public AccessEntry? To(string address, string domain) => Lookup(_to, address, domain);

    public AccessEntry? From(string address, string domain) => Lookup(_from, address, domain);

    /// <summary>True when <paramref name="senderDomain"/> (or a parent) belongs to an operator with an agreement.</summary>
    public bool HasAgreement(string senderDomain)
    {
        for (var d = senderDomain; d.Length > 0; d = Parent(d))
            if (_agreements.Contains(d)) return true;
        return false;
    }

    // sendmail's access lookup order: user@domain, then domain and its parents, then user@.
    private static AccessEntry? Lookup(Dictionary<string, AccessEntry> map, string address, string domain)
    {
        if (map.Count == 0) return null;
        var lower = address.ToLowerInvariant();
        if (map.TryGetValue(lower, out var exact)) return exact;
        for (var d = domain; d.Length > 0; d = Parent(d))
            if (map.TryGetValue(d, out var byDomain)) return byDomain;
        var at = lower.LastIndexOf('@');
        return at > 0 && map.TryGetValue(lower[..(at + 1)], out var byUser) ? byUser : null;
    }

    private static string Parent(string domain)
    {
        var dot = domain.IndexOf('.');
        return dot < 0 ? "" : domain[(dot + 1)..];
    }

    private static IPAddress Normalise(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    /// <summary>Merges <paramref name="configured"/> with <paramref name="overlay"/> (the overlay wins on the same
    /// route key or access key), checks it and indexes it. Throws <see cref="ArgumentException"/> naming
    /// the offending entry when it is inconsistent; host names are resolved now, a failure is a warning.</summary>
    public static RuleSet Build(RulesSource configured, RulesSource overlay, long version, Func<string, IPAddress[]> resolve,
        IEnumerable<string>? notes = null)
    {
        var warnings = notes?.ToList() ?? [];
        var routes = new Dictionary<string, Route>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in configured.Routes) routes[r.Key] = r;
        var overlaid = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in overlay.Routes)
        {
            if (!overlaid.Add(r.Key)) throw new ArgumentException($"domain {r.Key} appears twice");
            if (routes.ContainsKey(r.Key)) warnings.Add($"route {r.Key}: the registry's entry replaces the one in configuration (Gateway:Routes)");
            routes[r.Key] = r;
        }
        foreach (var r in routes.Values)
            if (r.Hops.Count == 0) throw new ArgumentException($"route {r.Key} names no next hop");

        var relay = new List<IPNetwork>();
        foreach (var pattern in configured.RelayClients.Concat(overlay.RelayClients).Distinct(StringComparer.OrdinalIgnoreCase))
            relay.AddRange(Networks(pattern, resolve, warnings, $"relay client {pattern}"));

        var access = new Dictionary<(AccessKind, string), AccessEntry>();
        foreach (var e in configured.Access) access[(e.Kind, e.Key)] = e;
        foreach (var e in overlay.Access) access[(e.Kind, e.Key)] = e;
        var connect = new List<(IPNetwork, AccessEntry)>();
        var to = new Dictionary<string, AccessEntry>(StringComparer.OrdinalIgnoreCase);
        var from = new Dictionary<string, AccessEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in access.Values)
        {
            switch (e.Kind)
            {
                case AccessKind.Connect:
                    connect.AddRange(Networks(e.Key, resolve, warnings, $"Connect:{e.Key}").Select(n => (n, e)));
                    break;
                case AccessKind.To: to[e.Key] = e; break;
                case AccessKind.From: from[e.Key] = e; break;
            }
        }
        var agreements = new HashSet<string>(configured.AgreementDomains.Concat(overlay.AgreementDomains).Select(d => d.ToLowerInvariant()),
            StringComparer.OrdinalIgnoreCase);
        return new RuleSet(version, new RoutingTable(routes.Values), connect, relay, to, from, agreements, warnings);
    }

    private static IEnumerable<IPNetwork> Networks(string pattern, Func<string, IPAddress[]> resolve, List<string> warnings, string what)
    {
        if (!ClientPattern.TryNormalise(pattern, out var normal, out var error)) throw new ArgumentException($"{what}: {error}");
        if (normal.Contains('/')) return [IPNetwork.Parse(normal)];
        if (IPAddress.TryParse(normal, out var ip)) return [Host(ip)];
        // A host name is looked up forward once per rule set: a PTR record is the client's to forge.
        try
        {
            var addresses = resolve(normal);
            if (addresses.Length == 0) warnings.Add($"{what}: {normal} has no address; ignored");
            return addresses.Select(a => Host(a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)).ToList();
        }
        catch (SocketException e)
        {
            warnings.Add($"{what}: {normal} does not resolve ({e.SocketErrorCode}); ignored");
            return [];
        }
    }

    private static IPNetwork Host(IPAddress a) => new(a, a.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);
}
