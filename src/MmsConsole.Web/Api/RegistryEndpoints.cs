using MmsConsole.Web.Actions;
using MmsConsole.Web.Security;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Routing;

namespace MmsConsole.Web.Api;

/// <summary>Operators, their status switch, our side and the extra access entries.</summary>
internal static class RegistryEndpoints
{
    public static void MapRegistryApi(this IEndpointRouteBuilder api)
    {
        var ops = api.MapGroup("/operators").WithTags("Operators");
        ops.MapGet("/", (RegistryStore s, CancellationToken ct) => s.OperatorsAsync(ct));
        ops.MapGet("/{id:int}", async (int id, RegistryStore s, CancellationToken ct) =>
            await s.OperatorAsync(id, ct) is { } o ? Results.Ok(o) : ApiResults.NotFound($"No operator {id}"));
        ops.MapPost("/", async (OperatorInput input, HttpContext http, OperatorActions a, CancellationToken ct) =>
            ApiResults.From(await a.CreateAsync(Actor.Of(http), input, ct), o => TypedResults.Created($"/api/operators/{o.Id}", o)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("operator.create");
        ops.MapPut("/{id:int}", async (int id, OperatorInput input, HttpContext http, OperatorActions a, CancellationToken ct) =>
            ApiResults.From(await a.UpdateAsync(Actor.Of(http), id, input, ct: ct)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("operator.update");
        ops.MapDelete("/{id:int}", async (int id, HttpContext http, OperatorActions a, CancellationToken ct) =>
            await a.DeleteAsync(Actor.Of(http), id, ct: ct) ? Results.NoContent() : ApiResults.NotFound($"No operator {id}"))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("operator.delete");
        ops.MapPost("/{id:int}/status", async (int id, StatusRequest request, HttpContext http, OperatorActions a, CancellationToken ct) =>
            ApiResults.From(await a.SetStatusAsync(Actor.Of(http), id, new StatusInput(request.Status, request.Text, request.Reason, request.Until), ct)))
            .RequireAuthorization(ConsolePolicies.Operator).Audited("operator.status")
            .WithSummary("Switches an operator: Active, RejectingTemporarily, RejectingPermanently or Holding; in force within a second");
        ops.MapGet("/{id:int}/status-history", (int id, RegistryStore s, CancellationToken ct) => s.StatusHistoryAsync(id, 100, ct));
        api.MapGet("/status-history", (RegistryStore s, CancellationToken ct) => s.StatusHistoryAsync(null, 200, ct)).WithTags("Operators");

        var access = api.MapGroup("/access").WithTags("Access");
        access.MapGet("/", (RegistryStore s, CancellationToken ct) => s.AccessAsync(ct));
        access.MapPost("/", async (AccessInput input, HttpContext http, RegistryActions a, CancellationToken ct) =>
            ApiResults.From(await a.CreateAccessAsync(Actor.Of(http), input, ct), e => TypedResults.Created($"/api/access/{e.Id}", e)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("access.create");
        access.MapPut("/{id:int}", async (int id, AccessInput input, HttpContext http, RegistryActions a, CancellationToken ct) =>
            ApiResults.From(await a.UpdateAccessAsync(Actor.Of(http), id, input, ct)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("access.update");
        access.MapDelete("/{id:int}", async (int id, HttpContext http, RegistryActions a, CancellationToken ct) =>
            await a.DeleteAccessAsync(Actor.Of(http), id, ct: ct) ? Results.NoContent() : ApiResults.NotFound($"No access entry {id}"))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("access.delete");

        var ours = api.MapGroup("/our-side").WithTags("Our side");
        ours.MapGet("/", (RegistryStore s, CancellationToken ct) => s.OurSideAsync(ct));
        ours.MapPut("/", async (OurSideInput input, HttpContext http, RegistryActions a, CancellationToken ct) =>
            ApiResults.From(await a.SetOurSideAsync(Actor.Of(http), input, ct)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("our-side.update");
    }
}

/// <summary>A status switch, recorded under the signed-in user or token.</summary>
public sealed record StatusRequest(DestinationStatus Status, string? Text = null, string? Reason = null, DateTimeOffset? Until = null);
