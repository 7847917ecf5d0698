using System.Diagnostics;

namespace MmsGateway.Relay.Telemetry;

/// <summary>The labels every series carries besides its own: <c>node="NAME"</c> on a site (one Prometheus
/// scrapes every node, and each series must say whose it is), none on a single gateway, whose series keep
/// the shape they always had. Asked per measurement: a node joins its site (heartbeat) after start-up.</summary>
public sealed class MetricLabels(string node, Func<bool> isSite)
{
    public static readonly MetricLabels None = new("", () => false);

    public TagList Of(params ReadOnlySpan<(string Key, object? Value)> pairs)
    {
        var tags = new TagList();
        if (isSite()) tags.Add("node", node);
        foreach (var (k, v) in pairs) tags.Add(k, v);
        return tags;
    }
}
