using System.Net;

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

    public RulesSource Configured { get; }

    /// <summary>The last overlay applied (the registry's rules).</summary>
    public RulesSource Overlay { get; private set; } = RulesSource.Empty;

    /// <summary>Raised after each swap with the previous and the new set, on the publisher's thread.</summary>
    public event Action<RuleSet, RuleSet>? Published;

    /// <summary>Builds and swaps in the configured base merged with <paramref name="overlay"/>.
    /// Throws <see cref="ArgumentException"/> (the set in force is kept) when the overlay is invalid.</summary>
    public RuleSet Apply(RulesSource overlay)
    {
        RuleSet previous, next;
        lock (_publishing)
        {
            next = RuleSet.Build(Configured, overlay, _version + 1, _resolve);
            _version++;
            Overlay = overlay;
            previous = Volatile.Read(ref _current);
            Volatile.Write(ref _current, next);
        }
        Published?.Invoke(previous, next);
        return next;
    }
}
