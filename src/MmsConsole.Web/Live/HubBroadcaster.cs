using Microsoft.AspNetCore.SignalR;
using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Live;

/// <summary>Relays the sampler's events to /hubs/gateway clients. Sends are not awaited in the
/// sampler's path: a slow or vanished client costs SignalR's buffers, never the relay a second.</summary>
public sealed class HubBroadcaster(GatewayStats stats, IHubContext<GatewayHub> hub, ILogger<HubBroadcaster> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        stats.Updated += OnUpdated;
        stats.Delivered += OnDelivered;
        return Task.CompletedTask;
    }

    private void OnUpdated(GatewaySnapshot s) => Send("stats", s);

    private void OnDelivered(DeliveryAttempt a) => Send("delivery", a);

    private void Send(string method, object payload) =>
        hub.Clients.All.SendAsync(method, payload).ContinueWith(t => log.LogWarning(t.Exception, "Hub push {Method} failed", method),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        stats.Updated -= OnUpdated;
        stats.Delivered -= OnDelivered;
        return Task.CompletedTask;
    }
}
