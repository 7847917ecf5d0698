using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using MmsConsole.Web.Api;
using MmsGateway.Registry.Audit;

namespace MmsConsole.Web.Security;

/// <summary>A signed-in user or token refused an audited action for its role (403) is recorded too:
/// "a Viewer tried to flush Two" is what an incident review looks for. Anonymous 401s are not (anyone
/// can make those, and the trail must not fill with them).</summary>
public sealed class AuditedRefusals(AuditLog audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<AuditedAction>() is { } action)
            await audit.RecordAsync(new AuditEntry(context.User.Identity?.Name ?? "?", context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                action.Action, $"{context.Request.Method} {context.Request.Path}", "{\"status\":403,\"refused\":\"the role does not allow it\"}", null, Succeeded: false));
        await _default.HandleAsync(next, context, policy, result);
    }
}
