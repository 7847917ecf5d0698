using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MmsGateway.Registry.Audit;

namespace MmsConsole.Web.Actions;

/// <summary>Writes one audit entry per action (issue 6, issue 12): the details are a typed record
/// serialized by System.Text.Json, with "via" first, never a string put together by hand.</summary>
public sealed class ActionAudit(AuditLog log)
{
    private const int MaxDetails = 8000;

    // Relaxed escaping: the trail is read by people ("+4512345678/TYPE=PLMN", not "\u002B4512…"); the
    // console renders it as text, so nothing here is ever interpreted as HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task<AuditView> RecordAsync<T>(Actor by, string action, string target, T? details, string? reason, bool succeeded = true)
    {
        var node = new JsonObject { ["via"] = by.Via };
        if (details is not null && JsonSerializer.SerializeToNode(details, Json) is JsonObject fields)
            foreach (var (key, value) in fields.ToList())
            {
                fields.Remove(key);
                node[key] = value;
            }
        var text = node.ToJsonString(Json);
        if (text.Length > MaxDetails) text = text[..MaxDetails] + "…";
        return log.RecordAsync(new AuditEntry(by.Name, by.Source, action, target, text, string.IsNullOrWhiteSpace(reason) ? null : reason, succeeded));
    }

    /// <summary>An action refused before it started (bad input, missing rights), recorded as failed.</summary>
    public Task<AuditView> RefusedAsync(Actor by, string action, string target, string why, string? reason = null) =>
        RecordAsync(by, action, target, new Refusal(why), reason, succeeded: false);

    private sealed record Refusal(string Refused);
}
