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
            ApiResults.From(await s.CreateOperatorAsync(input, ct), o => TypedResults.Created($"/api/operators/{o.Id}", o)));
        ops.MapPut("/{id:int}", async (int id, OperatorInput input, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.UpdateOperatorAsync(id, input, ct)));
        ops.MapDelete("/{id:int}", async (int id, RegistryStore s, CancellationToken ct) =>
            await s.DeleteOperatorAsync(id, ct) ? Results.NoContent() : ApiResults.NotFound($"No operator {id}"));
        ops.MapPost("/{id:int}/status", async (int id, StatusRequest request, ClaimsPrincipal user, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.SetStatusAsync(id, new StatusInput(request.Status, request.Text, request.Reason, request.Until),
                user.Identity?.Name ?? request.By ?? "", ct)))
            .WithSummary("Switches an operator: Active, RejectingTemporarily, RejectingPermanently or Holding; in force within a second");
        ops.MapGet("/{id:int}/status-history", (int id, RegistryStore s, CancellationToken ct) => s.StatusHistoryAsync(id, 100, ct));
        api.MapGet("/status-history", (RegistryStore s, CancellationToken ct) => s.StatusHistoryAsync(null, 200, ct)).WithTags("Operators");

        var access = api.MapGroup("/access").WithTags("Access");
        access.MapGet("/", (RegistryStore s, CancellationToken ct) => s.AccessAsync(ct));
        access.MapPost("/", async (AccessInput input, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.CreateAccessAsync(input, ct), a => TypedResults.Created($"/api/access/{a.Id}", a)));
        access.MapPut("/{id:int}", async (int id, AccessInput input, RegistryStore s, CancellationToken ct) =>
            ApiResults.From(await s.UpdateAccessAsync(id, input, ct)));
        access.MapDelete("/{id:int}", async (int id, RegistryStore s, CancellationToken ct) =>
            await s.DeleteAccessAsync(id, ct) ? Results.NoContent() : ApiResults.NotFound($"No access entry {id}"));

        var ours = api.MapGroup("/our-side").WithTags("Our side");
        ours.MapGet("/", (RegistryStore s, CancellationToken ct) => s.OurSideAsync(ct));
        ours.MapPut("/", async (OurSideInput input, RegistryStore s, CancellationToken ct) => ApiResults.From(await s.SetOurSideAsync(input, ct)));
    }
}

/// <summary>A status switch; <see cref="By"/> names who makes it until the console has sign-in (then the signed-in user).</summary>
public sealed record StatusRequest(DestinationStatus Status, string? Text = null, string? Reason = null, DateTimeOffset? Until = null, string? By = null);
