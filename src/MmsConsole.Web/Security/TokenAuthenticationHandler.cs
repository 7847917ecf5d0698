using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MmsGateway.Registry.Accounts;

namespace MmsConsole.Web.Security;

/// <summary>API tokens: <c>Authorization: Bearer mm4_...</c>, or <c>?access_token=</c> on /hubs only,
/// where a browser's WebSocket cannot send a header (SignalR's documented convention).</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    public static string? Secret(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is { Count: > 0 } q) return q.ToString();
        return null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Secret(Request) is not { Length: > 0 } secret) return AuthenticateResult.NoResult();
        var principal = await accounts.AuthenticateTokenAsync(secret, Context.RequestAborted);
        // Never the secret in the log: only that a token was refused, and from where.
        if (principal is null)
        {
            Logger.LogWarning("Refused an unknown, revoked or expired API token from {Peer}", Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("unknown, revoked or expired token");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(ConsoleClaims.For(principal, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
