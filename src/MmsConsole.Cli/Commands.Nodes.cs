using System.Globalization;
using System.Text.Json;

namespace MmsConsole.Cli;

internal sealed partial class Commands
{
    /// <summary>The gateways sharing this one's registry: which answer, which stopped beating, on which version.</summary>
    public async Task<int> NodesAsync()
    {
        var (code, nodes) = await api.GetAsync("/api/nodes");
        if (code != ExitCodes.Ok) return code;
        var table = new TextTable("  node", "state", ">queued", ">rules", "version", "up", "heard", "api");
        var now = DateTimeOffset.UtcNow;
        var stale = 0;
        foreach (var n in nodes.EnumerateArray())
        {
            var isStale = n.GetProperty("stale").GetBoolean();
            stale += isStale ? 1 : 0;
            var api = n.GetProperty("api") is { ValueKind: JsonValueKind.String } a ? a.GetString() : "-";
            // Its queue and rules revision as its last heartbeat said them.
            var load = n.TryGetProperty("load", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
            var queued = load.ValueKind == JsonValueKind.Object ? load.GetProperty("messages").GetInt32().ToString(CultureInfo.InvariantCulture) : "-";
            var rules = load.ValueKind == JsonValueKind.Object ? "r" + load.GetProperty("revision").GetInt64().ToString(CultureInfo.InvariantCulture) : "-";
            table.Add((n.GetProperty("self").GetBoolean() ? "* " : "  ") + n.GetProperty("name").GetString(), isStale ? "STALE" : "up", queued, rules,
                n.GetProperty("version").GetString(), Age(now - n.GetProperty("startedAt").GetDateTimeOffset()),
                Age(now - n.GetProperty("heartbeatAt").GetDateTimeOffset()) + " ago", api);
        }
        await table.WriteAsync(output, Width);
        var count = nodes.GetArrayLength();
        await output.WriteLineAsync($"{Count(count, "node")}" + (stale > 0 ? $", {stale} stale (no heartbeat: not taking part)" : "") + "; * is the one answering");
        return ExitCodes.Ok;
    }
}
