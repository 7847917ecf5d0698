using MmsGateway.Registry.Nodes;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Policy;

namespace MmsConsole.Web.Api;

/// <summary>The HTTP API under /api: what the console does, scripts can do. OpenAPI at /openapi/v1.json.</summary>
internal static class ApiEndpoints
{
    public static void MapApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapRegistryApi();
        api.MapQueueApi();
        api.MapCaptureApi();
        api.MapSendmailApi();
        api.MapAccountApi();
        api.MapLogApi();
        api.MapMm4Api();
        api.MapGet("/rules", (LiveRules rules, RegistryPublisher registry) =>
        {
            var set = rules.Current;
            return new
            {
                set.Version,
                RegistryRevision = registry.Revision,
                registry.LoadedAt,
                Routes = set.Routing.Routes.OrderBy(r => r.Key).Select(r => new
                {
                    r.Key, Hops = r.Hops.Select(h => h.ToString()), r.Local, r.Operator, Status = r.Status.ToString(), r.StatusText,
                }),
                RelayClients = set.RelayClients.Select(n => n.ToString()),
                Access = set.Access.Select(a => a.ToSendmail()),
                set.AgreementDomains,
                set.Warnings,
            };
        }).WithTags("Rules").WithSummary("The rules in force in the relay right now, and the registry revision they came from");
        api.MapGet("/nodes", (NodeDirectory nodes, CancellationToken ct) => nodes.ListAsync(ct)).WithTags("Nodes")
            .WithSummary("The gateways sharing this registry: name, API, version, start and last heartbeat; stale after 7 s without one");
        // An unknown API path is a problem document, not the console's "not found" page.
        api.Map("/{**rest}", (string rest) => ApiResults.NotFound($"No API endpoint /api/{rest}")).ExcludeFromDescription();
    }
}
