using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using MmsGateway.Registry.Accounts;

namespace MmsConsole.Web.Security;

/// <summary>A console tab (a circuit) lives for hours: every half minute it checks that its user still
/// exists, is enabled and has the same password and role; if not, the tab loses its rights.</summary>
public sealed class ConsoleAuthenticationState(ILoggerFactory loggers, AccountStore accounts) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        var id = state.User.FindFirst(ConsoleClaims.IdType)?.Value;
        var stamp = state.User.FindFirst(ConsoleClaims.StampType)?.Value;
        if (state.User.Identity?.AuthenticationType == TokenAuthenticationHandler.SchemeName) return true;
        return int.TryParse(id, out var userId) && stamp is not null
            && await accounts.ValidateSessionAsync(userId, stamp, cancellationToken) is not null;
    }
}
