using Microsoft.Extensions.Options;
using MmsConsole.Web;
using MmsConsole.Web.Components;
using MmsConsole.Web.Api;
using MmsConsole.Web.Cli;
using MmsConsole.Web.Hosting;
using MmsConsole.Web.Live;
using MmsConsole.Web.Metrics;
using MmsConsole.Web.Security;
using MmsGateway.Registry;
using MmsGateway.Relay.Hosting;

// Socket completions run on the epoll thread instead of waking a pool thread for each one: SMTP
// sessions do little per read, and on a small VM every thread wake-up is a costly context switch
// (docs/performance.md). Read once, when the first socket is made, so it must be set first.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

if (SendmailCommand.Matches(args)) return await SendmailCommand.RunAsync(args);
if (AccountCommand.Matches(args)) return await AccountCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
// Nothing about the software in responses (Server: Kestrel), as the SMTP banner says nothing either.
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
// Package assets (MudBlazor's CSS and JS) are served from the build output in every environment, not
// only in Development: ./run.sh runs Production from the build, without a publish step.
builder.WebHost.UseStaticWebAssets();

// The registry first: its start-up (migrations, first rules) must finish before the relay listens.
builder.Services.AddRegistry(builder.Configuration);
builder.Services.AddRelay(builder.Configuration);
builder.Services.AddConsole(builder.Configuration);

var app = builder.Build();

app.UseLiveViewsEndOnStop();
app.UseSecurityHeaders();

// The API answers in RFC 7807 problem documents; the console in pages.
app.UseWhen(ApiProblems.IsApi, api =>
{
    api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ApiProblems.StatusCode });
    api.UseStatusCodePages();
});
// Hubs, OpenAPI and /metrics answer programs: their 401 and 404 stay as they are.
// The developer exception page (stack trace, the request's headers and cookies) is for a developer's
// own browser only: an explicitly chosen Development environment and a loopback client. Everyone else,
// in every environment, gets the plain error page.
app.UseWhen(c => !ConsoleSecurity.IsMachinePath(c.Request.Path), console =>
{
    console.UseWhen(c => !(app.Environment.IsDevelopment() && ConsoleSecurity.IsLoopback(c)),
        plain => plain.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = PlainErrorPage.WriteAsync }));
    console.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
});
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
// The login page needs its styles and scripts before anyone has signed in.
app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapHealth();
app.MapMetrics();
app.MapSignIn();
app.MapOpenApi();
app.MapHub<GatewayHub>(GatewayHub.Path);
app.MapApi();

try
{
    await app.RunAsync();
    return 0;
}
catch (OperationCanceledException)
{
    // SIGTERM while still starting: nothing was half done (a 250 is only sent after fsync) and the
    // container has closed the spool on the way out, so this is an orderly stop.
    return 0;
}
catch (Exception e) when (e is OptionsValidationException or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" })
{
    // A bad setting stops start-up with a line naming the key, not a stack trace.
    await Console.Error.WriteLineAsync($"Configuration error: {e.Message}");
    return 2;
}
catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
{
    // The spool is locked by another gateway, or a listen address is taken: say which, plainly.
    await Console.Error.WriteLineAsync($"Start-up failed: {e.Message}");
    return 3;
}

public partial class Program;
