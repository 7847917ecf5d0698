using Microsoft.AspNetCore.Components.Authorization;
using MmsConsole.Web.Security;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Components.Shared;

/// <summary>Who is at this console tab (from the sign-in) and what they may do; every change a page
/// makes goes through the action layer (Web/Actions) as <c>Actor.Of(user)</c>: this name and the tab's address.
/// MainLayout loads it before any page renders.</summary>
public sealed class ConsoleUser(AuthenticationStateProvider auth) : IDisposable
{
    private bool _subscribed;

    public string Name { get; private set; } = "";

    public ConsoleRole? Role { get; private set; }

    /// <summary>The signed-in user's claims: what a node ticket carries to another node of the site.</summary>
    public System.Security.Claims.ClaimsPrincipal Principal { get; private set; } = new();

    /// <summary>The browser's address (ConsoleCircuitHandler), or "console" when it is not known.</summary>
    public string Source { get; set; } = "console";

    public bool CanOperate => Role >= ConsoleRole.Operator;

    public bool IsAdmin => Role >= ConsoleRole.Admin;

    public async Task LoadAsync()
    {
        Apply(await auth.GetAuthenticationStateAsync());
        if (_subscribed) return;
        auth.AuthenticationStateChanged += OnChanged;
        _subscribed = true;
    }

    private void Apply(AuthenticationState state)
    {
        Principal = state.User;
        Name = state.User.Identity?.Name ?? "";
        Role = ConsoleClaims.Role(state.User);
    }

    // A revoked session (user disabled, password or role changed) loses its rights in the open tab too.
    private void OnChanged(Task<AuthenticationState> state) =>
        state.ContinueWith(t => { if (t.IsCompletedSuccessfully) Apply(t.Result); }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Refuses, by exception, what the role does not allow: pages hide such buttons, and
    /// this is the check behind them.</summary>
    public void Require(ConsoleRole role)
    {
        if (!(Role >= role)) throw new UnauthorizedAccessException($"{(Name.Length == 0 ? "This session" : Name)} may not do this: it needs the {role} role");
    }

    public void Dispose()
    {
        if (_subscribed) auth.AuthenticationStateChanged -= OnChanged;
    }
}
