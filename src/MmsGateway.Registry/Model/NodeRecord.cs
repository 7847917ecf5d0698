namespace MmsGateway.Registry.Model;

/// <summary>A gateway of the site, as it last said itself (issue 15): written by its own heartbeat only.</summary>
public sealed class NodeRecord
{
    public required string Name { get; set; }

    /// <summary>Where its console and API answer, for the other nodes' fan-out; null until its web host has started.</summary>
    public string? Api { get; set; }

    /// <summary>Its number in the site's queue ids (0-63), claimed once at its first start and kept by name.</summary>
    public int? Number { get; set; }

    public required string Version { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset HeartbeatAt { get; set; }

    /// <summary>Its queue depth and the rules revision in force, as JSON (<see cref="Nodes.NodeLoad"/>), as of <see cref="HeartbeatAt"/>.</summary>
    public string? Load { get; set; }
}
