using MmsConsole.Web.Security;
using System.Security.Claims;
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
        ops.MapPost("/", async (OperatorInput input, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.CreateOperatorAsync(input, ct), o => TypedResults.Created($"/api/operators/{o.Id}", o)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("operator.create");
        ops.MapPut("/{id:int}", async (int id, OperatorInput input, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.UpdateOperatorAsync(id, input, ct)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("operator.update");
        ops.MapDelete("/{id:int}", async (int id, RegistryStore s, CancellationToken ct) =>
            await s.DeleteOperatorAsync(id, ct) ? Results.NoContent() : ApiResults.NotFound($"No operator {id}"))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("operator.delete");
        ops.MapPost("/{id:int}/status", async (int id, StatusRequest request, ClaimsPrincipal user, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.SetStatusAsync(id, new StatusInput(request.Status, request.Text, request.Reason, request.Until),
                user.Identity?.Name ?? "", ct)))
            .RequireAuthorization(ConsolePolicies.Operator).Audited("operator.status")
            .WithSummary("Switches an operator: Active, RejectingTemporarily, RejectingPermanently or Holding; in force within a second");
        ops.MapGet("/{id:int}/status-history", (int id, RegistryStore s, CancellationToken ct) => s.StatusHistoryAsync(id, 100, ct));
        api.MapGet("/status-history", (RegistryStore s, CancellationToken ct) => s.StatusHistoryAsync(null, 200, ct)).WithTags("Operators");

        var access = api.MapGroup("/access").WithTags("Access");
        access.MapGet("/", (RegistryStore s, CancellationToken ct) => s.AccessAsync(ct));
        access.MapPost("/", async (AccessInput input, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.CreateAccessAsync(input, ct), a => TypedResults.Created($"/api/access/{a.Id}", a)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("access.create");
        access.MapPut("/{id:int}", async (int id, AccessInput input, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.UpdateAccessAsync(id, input, ct)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("access.update");
        access.MapDelete("/{id:int}", async (int id, RegistryStore s, CancellationToken ct) =>
            await s.DeleteAccessAsync(id, ct) ? Results.NoContent() : ApiResults.NotFound($"No access entry {id}"))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("access.delete");

        var ours = api.MapGroup("/our-side").WithTags("Our side");
        ours.MapGet("/", (RegistryStore s, CancellationToken ct) => s.OurSideAsync(ct));
        ours.MapPut("/", async (OurSideInput input, RegistryStore s, CancellationToken ct) => ApiResults.From(await s.SetOurSideAsync(input, ct)))
            .RequireAuthorization(ConsolePolicies.Admin).Audited("our-side.update");
    }
}

/// <summary>A status switch, recorded under the signed-in user or token.</summary>
public sealed record StatusRequest(DestinationStatus Status, string? Text = null, string? Reason = null, DateTimeOffset? Until = null);
