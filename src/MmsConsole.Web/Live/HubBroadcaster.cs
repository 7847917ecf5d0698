using Microsoft.AspNetCore.SignalR;

namespace MmsConsole.Web.Live;

/// <summary>Relays the sampler's second to /hubs/gateway clients: "stats" (the snapshot) to all, and
/// "deliveries" (that second's attempts as log lines, at most <see cref="MaxBatch"/>, newest kept) to
/// the clients that asked for them (<see cref="GatewayHub.FollowDeliveries"/>). At most two sends a
/// second whatever the traffic, never awaited on the sampler's path: a slow or vanished client costs
/// SignalR's buffers, never the relay.</summary>
public sealed class HubBroadcaster(GatewayStats stats, IHubContext<GatewayHub> hub, ILogger<HubBroadcaster> log) : IHostedService
{
    public const int MaxBatch = 200;
    private readonly Lock _gate = new();
    private long _seq;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _seq = stats.LastDeliverySeq;
        stats.Updated += OnUpdated;
        return Task.CompletedTask;
    }

    private void OnUpdated(GatewaySnapshot s)
    {
        Send(hub.Clients.All, "stats", s);
        IReadOnlyList<MmsGateway.Relay.Delivery.DeliveryAttempt> batch;
        // Sample() has one caller in production (the sampler's timer); the lock keeps a batch from going out twice otherwise.
        lock (_gate) batch = stats.DeliveriesSince(_seq, out _seq);
        if (batch.Count == 0) return;
        var kept = batch.Count > MaxBatch ? batch.Skip(batch.Count - MaxBatch) : batch;
        Send(hub.Clients.Group(GatewayHub.DeliveriesGroup), "deliveries",
            new DeliveryBatch(batch.Count, batch.Count - Math.Min(batch.Count, MaxBatch), kept.Select(a => new DeliveryLine(a.At, a.Outcome, a.LogLine)).ToList()));
    }

    private void Send(IClientProxy to, string method, object payload) =>
        to.SendAsync(method, payload).ContinueWith(t => log.LogWarning(t.Exception, "Hub push {Method} failed", method),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        stats.Updated -= OnUpdated;
        return Task.CompletedTask;
    }
}

/// <summary>One second of delivery attempts: how many there were, how many are left out of
/// <see cref="Lines"/> (the newest are kept), and the sendmail log line of each.</summary>
public sealed record DeliveryBatch(int Attempts, int LeftOut, IReadOnlyList<DeliveryLine> Lines);

public sealed record DeliveryLine(DateTimeOffset At, MmsGateway.Relay.Delivery.OutcomeKind Outcome, string Line);
