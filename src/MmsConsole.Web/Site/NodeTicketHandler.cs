using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MmsConsole.Web.Site;

/// <summary>Requests from another node of the site, on behalf of the user who asked there (<see cref="NodeTicket"/>).</summary>
public sealed class NodeTicketHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, NodeTicket tickets)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "NodeTicket";

    public static bool Present(HttpRequest request) => request.Headers.ContainsKey(NodeTicket.Header);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[NodeTicket.Header].ToString() is not { Length: > 0 } ticket) return Task.FromResult(AuthenticateResult.NoResult());
        if (tickets.Read(ticket, SchemeName) is not { } principal)
        {
            Logger.LogWarning("Refused a node ticket from {Peer}: forged, expired or from another site's key ring", Context.Connection.RemoteIpAddress);
            return Task.FromResult(AuthenticateResult.Fail("invalid node ticket"));
        }
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
