using MmsConsole.Web.Actions;
using System.Security.Claims;
using MmsConsole.Web.Security;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Api;

/// <summary>Users and API tokens (Admin), who am I, and the audit trail (read-only, CSV export).</summary>
internal static class AccountEndpoints
{
    public static void MapAccountApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) => new { Name = user.Identity?.Name, Role = ConsoleClaims.Role(user)?.ToString() })
            .WithTags("Accounts").WithSummary("Who this request acts as, and its role");

        var users = api.MapGroup("/users").WithTags("Accounts").RequireAuthorization(ConsolePolicies.Admin);
        users.MapGet("/", (AccountStore a, CancellationToken ct) => a.UsersAsync(ct));
        users.MapPost("/", async (UserRequest r, HttpContext http, AccountActions a, CancellationToken ct) =>
            ApiResults.From(await a.CreateUserAsync(Actor.Of(http), r.Name, r.Password, r.Role ?? ConsoleRole.Viewer, ct),
                u => TypedResults.Created($"/api/users/{u.Id}", u))).Audited("user.create");
        users.MapPut("/{id:int}", async (int id, UserChange r, HttpContext http, AccountActions a, CancellationToken ct) =>
            ApiResults.From(await a.UpdateUserAsync(Actor.Of(http), id, r.Password, r.Role, r.Disabled, ct))).Audited("user.update");
        users.MapPost("/{id:int}/unlock", async (int id, HttpContext http, AccountActions a, CancellationToken ct) =>
            await a.UnlockAsync(Actor.Of(http), id, ct) ? Results.NoContent() : ApiResults.NotFound($"No user {id}")).Audited("user.unlock");

        var tokens = api.MapGroup("/tokens").WithTags("Accounts").RequireAuthorization(ConsolePolicies.Admin);
        tokens.MapGet("/", (AccountStore a, CancellationToken ct) => a.TokensAsync(ct));
        tokens.MapPost("/", async (TokenRequest r, HttpContext http, AccountActions a, CancellationToken ct) =>
            ApiResults.From(await a.CreateTokenAsync(Actor.Of(http), r.Name, r.Role ?? ConsoleRole.Viewer, r.ExpiresAt, ct),
                t => TypedResults.Created($"/api/tokens/{t.Token.Id}", t)))
            .Audited("token.create").WithSummary("A new token; its secret is in this answer only");
        tokens.MapDelete("/{id:int}", async (int id, HttpContext http, AccountActions a, CancellationToken ct) =>
            await a.RevokeTokenAsync(Actor.Of(http), id, ct) is { } t ? Results.Ok(t) : ApiResults.NotFound($"No token {id}"))
            .Audited("token.revoke").WithSummary("Revokes a token: refused from its next request on");

        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", async (string? user, string? action, string? text, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take, AuditLog log, CancellationToken ct) =>
            take is < 1 or > 1000 ? ApiResults.Invalid("take", "between 1 and 1000")
            : Results.Ok(await log.QueryAsync(new AuditFilter(user, action, text, from, to), Math.Max(0, skip ?? 0), take ?? 100, ct)))
            .WithSummary("The audit trail, newest first: user and text are substrings, action a prefix (\"queue.\")");
        audit.MapGet("/csv", async (string? user, string? action, string? text, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, AuditLog log) =>
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"mm4-audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false));
            await log.WriteCsvAsync(new AuditFilter(user, action, text, from, to), writer, http.RequestAborted);
        }).WithSummary("The audit trail (filtered as /api/audit) as CSV, oldest first");
    }
}

public sealed record UserRequest(string? Name, string? Password, ConsoleRole? Role);

public sealed record UserChange(string? Password = null, ConsoleRole? Role = null, bool? Disabled = null);

public sealed record TokenRequest(string? Name, ConsoleRole? Role, DateTimeOffset? ExpiresAt = null);
