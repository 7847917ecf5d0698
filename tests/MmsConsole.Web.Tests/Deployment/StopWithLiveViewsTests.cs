using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MmsConsole.Web.Tests.Deployment;

/// <summary>A restart with consoles open: every open console reconnects the moment the stop closes its
/// circuit, and one that lands before Kestrel stops listening must not hold the stop for the host's
/// whole shutdown timeout (dotnet/aspnetcore#58947; seen as a 30 s restart in the browser tests).</summary>
public sealed class StopWithLiveViewsTests
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_live_view_that_reconnects_while_the_gateway_stops_is_refused_and_the_stop_does_not_wait_for_it()
    {
        var window = new HeldStop();
        await using var app = new GatewayAppFactory(configure: b =>
        {
            b.UseSetting("Urls", "http://127.0.0.1:0");
            b.ConfigureServices(s =>
            {
                s.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                s.AddSingleton<IHostedService>(window);
            });
        });
        app.UseKestrel();
        app.StartServer();
        var web = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var token = app.AdminToken;
        await using var before = Hub(web, token);
        await before.StartAsync();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        before.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        var clock = Stopwatch.StartNew();
        var stop = app.DisposeAsync().AsTask();
        // ApplicationStopping has fired; Kestrel listens until the held service lets the stop go on.
        await window.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var http = new HttpClient { BaseAddress = web };
        foreach (var live in new[] { "/_blazor/negotiate?negotiateVersion=1", "/hubs/gateway/negotiate?negotiateVersion=1" })
        {
            using var refused = await http.PostAsync(live, null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }
        await using var late = Hub(web, token);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => late.StartAsync());
        window.Release.SetResult();

        await stop.WaitAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < ShutdownTimeout / 2, $"the stop took {clock.Elapsed.TotalSeconds:0.0} s (shutdown timeout {ShutdownTimeout.TotalSeconds} s)");
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));   // the view open before the stop was closed by it
    }

    private static HubConnection Hub(Uri web, string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(web, "/hubs/gateway"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();

    /// <summary>Holds the stop after ApplicationStopping and before Kestrel stops listening (registered after
    /// Kestrel, so stopped before it, as the relay is): the window that the relay's own stop opens, which a
    /// reconnect falls into by chance under load.</summary>
    private sealed class HeldStop : IHostedLifecycleService
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            Entered.TrySetResult();   // the factory stops its host twice
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
