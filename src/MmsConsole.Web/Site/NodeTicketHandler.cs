using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Security;

namespace MmsConsole.Web.Site;

/// <summary>Requests from another node of the site, on behalf of the user who asked there (<see cref="NodeTicket"/>).</summary>
public sealed class NodeTicketHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, NodeTicket tickets,
    RegistryKeyRing keyRing)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "NodeTicket";

    public static bool Present(HttpRequest request) => request.Headers.ContainsKey(NodeTicket.Header);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[NodeTicket.Header].ToString() is not { Length: > 0 } ticket) return AuthenticateResult.NoResult();
        var principal = tickets.Read(ticket, SchemeName);
        // Two nodes started together on an empty ring each make a key, and learn the other's at the next poll:
        // an unreadable ticket is read once more after the registry's keys are fetched now.
        if (principal is null && await keyRing.TryRefreshAsync(Context.RequestAborted)) principal = tickets.Read(ticket, SchemeName);
        if (principal is null)
        {
            Logger.LogWarning("Refused a node ticket from {Peer}: forged, expired or from another site's key ring", Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("invalid node ticket");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
