using System.Text.Json;
using MmsGateway.Relay.Queue;

namespace MmsGateway.Registry.Nodes;

/// <summary>What a node's heartbeat says of its queue and rules, so that any console of the site shows the site's
/// depth split per node and which node has a rule change in force, without asking each node (issue 15). As old as
/// the heartbeat: a stale node's load is its last word, shown as such.</summary>
/// <param name="Domains">Recipients queued per destination domain (only those with any); the console maps them to operators.</param>
/// <param name="Revision">The registry revision whose rules this node's relay applies.</param>
public sealed record NodeLoad(int Messages, int Recipients, int Ready, int Deferred, int Held, DateTimeOffset? Oldest,
    IReadOnlyDictionary<string, int> Domains, long Revision)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static NodeLoad Of(QueueCounts c, long revision) => new(c.Messages, c.Recipients, c.Ready, c.Deferred, c.Held, c.Oldest,
        c.Destinations.Where(d => d.Ready + d.Deferred + d.Held > 0).ToDictionary(d => d.Domain, d => d.Ready + d.Deferred + d.Held, StringComparer.OrdinalIgnoreCase),
        revision);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The load a row holds; null for none, or for one written by a version that wrote another shape.</summary>
    public static NodeLoad? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonSerializer.Deserialize<NodeLoad>(json, Json); }
        catch (JsonException) { return null; }
    }
}
