using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using MmsConsole.Web.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Security;

/// <summary>Sign-in for everything but the login form, health probes and static files: a cookie for
/// people at the console, a bearer token for scripts. Pages answer an anonymous request with a
/// redirect to /login; /api, /hubs and /metrics with 401 (a script cannot follow a login form).</summary>
public static class ConsoleSecurity
{
    public const string Scheme = "CookieOrToken";

    public static IServiceCollection AddConsoleSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie, API token or node ticket", o => o.ForwardDefaultSelector = c =>
                TokenAuthenticationHandler.Secret(c.Request) is not null ? TokenAuthenticationHandler.SchemeName
                : NodeTicketHandler.Present(c.Request) ? NodeTicketHandler.SchemeName
                : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "mm4console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // A NOC shift, sliding: an engineer is not signed out in the middle of an incident.
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateAsync;
                o.Events.OnRedirectToLogin = c => Refuse(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Refuse(c, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, NodeTicketHandler>(NodeTicketHandler.SchemeName, null);
        services.AddSingleton<NodeTicket>();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ConsolePolicies.Viewer, p => p.RequireRole(nameof(ConsoleRole.Viewer)))
            .AddPolicy(ConsolePolicies.Operator, p => p.RequireRole(nameof(ConsoleRole.Operator)))
            .AddPolicy(ConsolePolicies.Admin, p => p.RequireRole(nameof(ConsoleRole.Admin)));

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditedRefusals>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, ConsoleAuthenticationState>();
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, ConsoleCircuitHandler>();
        services.AddHostedService<FirstAdmin>();
        return services;
    }

    /// <summary>Paths whose clients are programs: refused with a status code, never redirected to a form.</summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/_blazor");

    /// <summary>A browser on this machine (the only one that may see the developer exception page).</summary>
    public static bool IsLoopback(HttpContext c) => c.Connection.RemoteIpAddress is { } a && System.Net.IPAddress.IsLoopback(a);

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (IsMachinePath(c.Request.Path)) c.Response.StatusCode = status;
        else c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    // Every request re-reads the user: a disabled account, a new password or a changed role ends
    // the old cookie at once (one indexed read; the console makes few HTTP requests).
    private static async Task ValidateAsync(CookieValidatePrincipalContext c)
    {
        var id = c.Principal?.FindFirst(ConsoleClaims.IdType)?.Value;
        var stamp = c.Principal?.FindFirst(ConsoleClaims.StampType)?.Value;
        var accounts = c.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        if (int.TryParse(id, out var userId) && stamp is not null && await accounts.ValidateSessionAsync(userId, stamp, c.HttpContext.RequestAborted) is not null)
            return;
        c.RejectPrincipal();
        await c.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
