using Microsoft.Extensions.Options;
using MmsConsole.Web.Components;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Hosting;
using MudBlazor.Services;

// Socket completions run on the epoll thread instead of waking a pool thread for each one: SMTP
// sessions do little per read, and on a small VM every thread wake-up is a costly context switch
// (docs/performance.md). Read once, when the first socket is made, so it must be set first.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRelay(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapGet("/healthz", () => Results.Text("ok"));
// Queue depth as JSON (the fast "mailq | wc -l"); the HTTP API proper, with auth, is issues 4 and 6.
app.MapGet("/api/queue/counts", (IQueueControl queue) => queue.GetCounts());

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
