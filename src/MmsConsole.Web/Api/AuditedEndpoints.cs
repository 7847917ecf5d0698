using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using MmsGateway.Registry.Audit;

namespace MmsConsole.Web.Api;

/// <summary>Marks an endpoint as an action that the audit trail records (issue 6): who, from where,
/// the path, the request body (passwords and secrets removed), the reason if one was given, and
/// whether it succeeded. Every API endpoint that changes something carries it; a test enumerates them.</summary>
public sealed record AuditedAction(string Action);

internal static class AuditedEndpoints
{
    private const int MaxDetails = 8000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly string[] Secret = ["password", "secret", "token"];

    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.WithMetadata(new AuditedAction(action)).AddEndpointFilter(async (c, next) =>
        {
            var result = await next(c);
            var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
            var body = c.Arguments.FirstOrDefault(IsRequestBody);
            var audit = c.HttpContext.RequestServices.GetRequiredService<AuditLog>();
            await audit.RecordAsync(new AuditEntry(
                c.HttpContext.User.Identity?.Name ?? "?",
                c.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                action,
                $"{c.HttpContext.Request.Method} {c.HttpContext.Request.Path}{Selection(body)}",
                Details(body, status),
                ReasonOf(body),
                status < 400));
            return result;
        });

    // The input records of the API (QueueRequest, OperatorInput, ...): not services, not the principal, not a token.
    private static bool IsRequestBody(object? a) =>
        a is not null and not ClaimsPrincipal and not CancellationToken and not HttpContext and not string and not int
        && a.GetType().GetMethod("<Clone>$") is not null;

    private static string Selection(object? body) =>
        body?.GetType().GetProperty("Select")?.GetValue(body) is string[] { Length: > 0 } terms ? " " + string.Join(' ', terms) : "";

    private static string? ReasonOf(object? body) => body?.GetType().GetProperty("Reason")?.GetValue(body) as string;

    private static string Details(object? body, int status)
    {
        var node = new JsonObject { ["status"] = status };
        if (body is not null && JsonSerializer.SerializeToNode(body, body.GetType(), Json) is JsonObject request)
        {
            foreach (var key in request.Select(p => p.Key).Where(k => Secret.Any(s => k.Contains(s, StringComparison.OrdinalIgnoreCase))).ToList())
                request[key] = "(not recorded)";
            node["request"] = request;
        }
        var text = node.ToJsonString(Json);
        return text.Length <= MaxDetails ? text : text[..MaxDetails] + "…";
    }
}
