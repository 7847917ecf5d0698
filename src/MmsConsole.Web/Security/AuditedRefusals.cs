using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using MmsConsole.Web.Api;
using MmsConsole.Web.Actions;

namespace MmsConsole.Web.Security;

/// <summary>A signed-in user or token refused an audited action for its role (403) is recorded too:
/// "a Viewer tried to flush Two" is what an incident review looks for. Anonymous 401s are not (anyone
/// can make those, and the trail must not fill with them).</summary>
public sealed class AuditedRefusals(ActionAudit audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && context.GetEndpoint()?.Metadata.GetMetadata<AuditedAction>() is { } action)
            await audit.RefusedAsync(Actor.Of(context), action.Action, $"{context.Request.Method} {context.Request.Path}", "403: the role does not allow it");
        await _default.HandleAsync(next, context, policy, result);
    }
}
