using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using MmsGateway.Registry.Accounts;
using MmsConsole.Web.Actions;

namespace MmsConsole.Web.Security;

/// <summary>The login form's POST and the sign-out button. Plain HTTP, not the circuit: a cookie can
/// only be set on a response. Both check the antiforgery token.</summary>
internal static class SignInEndpoints
{
    public static void MapSignIn(this WebApplication app)
    {
        // Antiforgery is checked here rather than by the form binder, whose failure is an exception (a 500
        // page in production) instead of a plain 400 that says what to do.
        app.MapPost("/account/login", async ([FromForm] LoginForm form, HttpContext http, AccountStore accounts, ActionAudit audit, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest("The sign-in form has expired: reload the page and try again.");
            var result = await accounts.SignInAsync(form.Name, form.Password, http.RequestAborted);
            var by = Actor.Of(http) with { Name = form.Name ?? "" };
            var back = ReturnUrl.Safe(form.ReturnUrl);
            switch (result.Outcome)
            {
                case LoginOutcome.Succeeded:
                    await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                        ConsoleClaims.For(result.Principal!, CookieAuthenticationDefaults.AuthenticationScheme));
                    await audit.RecordAsync<object>(by with { Name = result.Principal!.Name }, "account.sign-in", result.Principal.Name, null, null);
                    return Results.LocalRedirect(back);
                case LoginOutcome.LockedOut:
                    await audit.RecordAsync(by, "account.locked-out", form.Name ?? "", new { result.LockedUntil }, null, succeeded: false);
                    return Results.LocalRedirect(LoginUrl("locked", back));
                case LoginOutcome.Disabled:
                    return Results.LocalRedirect(LoginUrl("disabled", back));
                default:
                    return Results.LocalRedirect(LoginUrl("wrong", back));
            }
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest("The sign-out form has expired: reload the page and try again.");
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription();
    }

    private static string LoginUrl(string error, string back) => $"/login?error={error}&returnUrl={Uri.EscapeDataString(back)}";
}

public sealed class LoginForm
{
    public string? Name { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}
