using MmsConsole.Web.Actions;
using MmsConsole.Web.Security;
using MmsGateway.Registry.Store;

namespace MmsConsole.Web.Api;

/// <summary>Migration from sendmail: import the mailertable and access map, export them back.</summary>
internal static class SendmailEndpoints
{
    public static void MapSendmailApi(this IEndpointRouteBuilder api)
    {
        var s = api.MapGroup("/sendmail").WithTags("Migration from sendmail");
        s.MapPost("/import", async (SendmailImportRequest r, HttpContext http, RegistryActions a, ActionAudit audit, CancellationToken ct) =>
        {
            const string nothing = "give the mailertable, the access map, or both, as text";
            if (string.IsNullOrWhiteSpace(r.Mailertable) && string.IsNullOrWhiteSpace(r.Access))
            {
                await audit.RefusedAsync(Actor.Of(http), "sendmail.import", "mailertable and access map", nothing);
                return ApiResults.Invalid("mailertable", nothing);
            }
            var report = await a.ImportSendmailAsync(Actor.Of(http), r.Mailertable ?? "", r.Access ?? "", r.DryRun, ct);
            return Results.Ok(new { Summary = report.ToString(), report.DryRun, report.Mapped, report.Merged, report.LeftOut });
        }).RequireAuthorization(ConsolePolicies.Admin).Audited("sendmail.import").WithSummary("Maps a sendmail mailertable and access map onto operators, our side and access entries, with a report");
        s.MapGet("/mailertable", async (RegistryStore store, CancellationToken ct) => Results.Text((await store.ExportSendmailAsync(ct)).Mailertable));
        s.MapGet("/access", async (RegistryStore store, CancellationToken ct) => Results.Text((await store.ExportSendmailAsync(ct)).Access));
    }
}

public sealed record SendmailImportRequest(string? Mailertable, string? Access, bool DryRun = false);
