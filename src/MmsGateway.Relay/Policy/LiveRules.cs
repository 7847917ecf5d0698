using System.Net;
using System.Net.Sockets;

namespace MmsGateway.Relay.Policy;

/// <summary>The rules in force. Configuration gives a base (<c>Gateway:Routes</c>, <c>:LocalDomains</c>,
/// <c>:RelayClients</c>, <c>:Access</c>); the registry publishes an overlay that wins on the same key.
/// Each publication builds a whole new immutable <see cref="RuleSet"/> and swaps it in, so SMTP sessions
/// and delivery, reading <see cref="Current"/> once per decision, see a change from their next command
/// or attempt and never half a change.</summary>
public sealed class LiveRules
{
    private readonly Lock _publishing = new();
    private readonly Func<string, IPAddress[]> _resolve;
    private RuleSet _current;
    private long _version;

    public LiveRules(RulesSource configured, Func<string, IPAddress[]>? resolve = null)
    {
        Configured = configured;
        _resolve = resolve ?? Dns.GetHostAddresses;
        _current = RuleSet.Build(configured, RulesSource.Empty, ++_version, _resolve);
    }

    public RuleSet Current => Volatile.Read(ref _current);

    /// <summary>How long one host name of the rules may take to resolve; past it, the addresses of its last
    /// lookup are kept (with a warning), or a name never resolved is left out (with a warning).</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromSeconds(3);

    // Addresses of every name the last time it resolved: a lookup that times out keeps them (a slow DNS
    // server must not turn our own MMSC into a stranger); a name that never resolved is left out.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IPAddress[]> _lastResolved = new(StringComparer.OrdinalIgnoreCase);

    private Dictionary<string, (IPAddress[]? Addresses, SocketException? Error)> ResolveAll(IReadOnlyCollection<string> names, List<string> kept)
    {
        var result = new Dictionary<string, (IPAddress[]?, SocketException?)>(StringComparer.OrdinalIgnoreCase);
        if (names.Count == 0) return result;
        // A thread each (LongRunning), not the pool's: a busy or starved pool must not make a quick
        // answer look like a timeout. Names are few and publications rare.
        var lookups = names.ToDictionary(n => n, n => Task.Factory.StartNew(() => _resolve(n), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default), StringComparer.OrdinalIgnoreCase);
        try { Task.WhenAll(lookups.Values).Wait(ResolveTimeout); }
        catch (AggregateException) { }   // each lookup's own outcome is read below
        foreach (var (name, lookup) in lookups)
        {
            if (lookup.Status == TaskStatus.RanToCompletion)
            {
                _lastResolved[name] = lookup.Result;
                result[name] = (lookup.Result, null);
            }
            else if (lookup.Exception?.GetBaseException() is SocketException e) result[name] = (null, e);
            else result[name] = _lastResolved.TryGetValue(name, out var known)
                ? (known, null)
                : (null, new SocketException((int)SocketError.TimedOut));
            if (!lookup.IsCompleted && _lastResolved.ContainsKey(name))
                kept.Add($"{name} did not answer within {ResolveTimeout.TotalSeconds:0.#} s; its addresses from the last lookup are kept");
        }
        return result;
    }

    public RulesSource Configured { get; }

    /// <summary>The last overlay applied (the registry's rules).</summary>
    public RulesSource Overlay { get; private set; } = RulesSource.Empty;

    /// <summary>Raised after each swap with the previous and the new set, on the publisher's thread.</summary>
    public event Action<RuleSet, RuleSet>? Published;

    /// <summary>Builds and swaps in the configured base merged with <paramref name="overlay"/>.
    /// Throws <see cref="ArgumentException"/> (the set in force is kept) when the overlay is invalid.</summary>
    public RuleSet Apply(RulesSource overlay)
    {
        // Host names (relay clients, Connect: entries) are looked up before the lock and each within
        // ResolveTimeout: a slow or dead DNS server delays this publication by that much at most, and
        // never holds up another one. A first pass with a resolver that only notes the names finds them
        // exactly as the real build normalises them (and rejects an invalid overlay before any lookup).
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        RuleSet.Build(Configured, overlay, 0, name => { names.Add(name); return []; });
        var kept = new List<string>();
        var addresses = ResolveAll(names, kept);
        RuleSet previous, next;
        lock (_publishing)
        {
            next = RuleSet.Build(Configured, overlay, _version + 1,
                name => addresses.TryGetValue(name, out var found) ? found.Addresses ?? throw found.Error! : throw new SocketException((int)SocketError.TryAgain),
                kept);
            _version++;
            Overlay = overlay;
            previous = Volatile.Read(ref _current);
            Volatile.Write(ref _current, next);
        }
        Published?.Invoke(previous, next);
        return next;
    }
}
