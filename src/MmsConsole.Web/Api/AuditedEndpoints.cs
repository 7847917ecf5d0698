namespace MmsConsole.Web.Api;

/// <summary>Marks an endpoint as an action of the audit trail (issue 6). The entry itself is written by
/// the action layer (Web/Actions), which the pages use too; this mark lets a refusal for the role (403)
/// be recorded under the same name, and lets a test check that every changing endpoint has one.</summary>
public sealed record AuditedAction(string Action);

internal static class AuditedEndpoints
{
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.WithMetadata(new AuditedAction(action));
}
