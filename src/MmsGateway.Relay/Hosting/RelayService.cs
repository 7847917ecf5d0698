using Microsoft.Extensions.Hosting;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Smtp;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Hosting;

/// <summary>Runs the relay inside a host: rebuild the index from the recovered spool, start delivery, then listen.
/// On stop (SIGTERM): stop accepting, let transactions in flight finish, then close the spool cleanly.</summary>
public sealed class RelayService(
    MessageSpool spool,
    QueueIndex index,
    QueueChangeFeed feed,
    QueueIdGenerator ids,
    SmtpListener listener,
    DeliveryScheduler delivery,
    DestinationSwitch destinationSwitch,
    TimeProvider clock) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var recovered = QueueRecovery.Load(spool, index, ids);
        if (recovered > 0)
            feed.Publish(new QueueChange(QueueChangeKind.Recovered, clock.GetUtcNow(), recovered));
        delivery.Start();
        destinationSwitch.Start();
        listener.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await listener.StopAsync(cancellationToken).ConfigureAwait(false);
        await destinationSwitch.DisposeAsync().ConfigureAwait(false);
        await delivery.DisposeAsync().ConfigureAwait(false);
        await spool.DisposeAsync().ConfigureAwait(false);
    }
}
