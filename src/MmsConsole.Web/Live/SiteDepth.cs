using MmsGateway.Registry.Nodes;
using MmsGateway.Relay.Policy;

namespace MmsConsole.Web.Live;

/// <summary>The site's queue as the dashboard adds it up: this node's live figures and each other node's last heartbeat
/// (issue 15). A stale node's figures are not added in, and its last word is said with its age, never shown as 0.</summary>
public sealed class SiteDepth(IReadOnlyList<NodeView> nodes, GatewaySnapshot local, RuleSet rules)
{
    private IEnumerable<NodeView> Counted => nodes.Where(n => n.Self || (!n.Stale && n.Load is not null));

    public int Messages => Counted.Sum(n => n.Self ? local.Messages : n.Load!.Messages);

    public int Recipients => Counted.Sum(n => n.Self ? local.Recipients : n.Load!.Recipients);

    /// <summary>"gw1 2 · gw2 1 · gw3 ? (stale)": messages per node.</summary>
    public string NodeSplit => string.Join(" · ", nodes.Select(n => n.Self ? $"{n.Name} {local.Messages:N0}"
        : n.Stale ? $"{n.Name} ? (stale)" : n.Load is { } l ? $"{n.Name} {l.Messages:N0}" : $"{n.Name} ? (no figures yet)"));

    /// <summary>An operator's recipients queued on the whole site.</summary>
    public int Depth(OperatorState op) => Counted.Sum(n => n.Self ? op.Depth : OnNode(n, op));

    /// <summary>"gw1 2 · gw2 0": an operator's recipients per node (stale nodes marked).</summary>
    public string Split(OperatorState op) => string.Join(" · ", nodes.Select(n =>
        n.Self ? $"{n.Name} {op.Depth:N0}" : n.Stale || n.Load is null ? $"{n.Name} ?" : $"{n.Name} {OnNode(n, op):N0}"));

    private int OnNode(NodeView n, OperatorState op) =>
        n.Load!.Domains.Where(d => string.Equals(rules.Resolve(d.Key)?.Operator, op.Name, StringComparison.Ordinal)).Sum(d => d.Value);

    /// <summary>The newest rules revision any live node applies.</summary>
    public long Newest => nodes.Where(n => !n.Stale && n.Load is not null).Select(n => n.Load!.Revision).DefaultIfEmpty(-1).Max();

    /// <summary>Whether a live node still applies older rules than another one: a change not yet in force there.</summary>
    public bool Behind(NodeView n) => !n.Stale && n.Load is { } l && l.Revision < Newest;
}
