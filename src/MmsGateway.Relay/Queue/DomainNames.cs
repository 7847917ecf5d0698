using System.Collections.Concurrent;

namespace MmsGateway.Relay.Queue;

/// <summary>Shares one string per destination domain across queued recipients: a million queued
/// messages to five operators should hold five domain strings, not a million. Capped, because the
/// names come from the network and must not grow memory without bound.</summary>
public static class DomainNames
{
    private const int Cap = 100_000;
    private static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);

    public static string Share(string domain)
    {
        if (Pool.TryGetValue(domain, out var shared)) return shared;
        return Pool.Count < Cap ? Pool.GetOrAdd(domain, domain) : domain;
    }
}
