using Microsoft.Extensions.Hosting;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Health;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.MailLog;
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
    DeliveryFeed deliveries,
    AcceptFeed accepted,
    MailLogWriter mailLog,
    MailLogReader mailLogReader,
    HealthMonitor health,
    TimeProvider clock,
    LedgerWriter? ledger = null) : IHostedService
{
    private IDisposable? _healthFeed;
    private Task _replay = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var recovered = QueueRecovery.Load(spool, index, ids);
        if (recovered > 0)
            feed.Publish(new QueueChange(QueueChangeKind.Recovered, clock.GetUtcNow(), recovered));
        // Before the first attempt, so the mail log and health miss nothing; the replay of the last hour
        // runs beside the relay (a large log must not delay the listeners), out of order with live events
        // by design (HealthMonitor keeps the newest facts whatever the order).
        mailLog.Start(accepted, deliveries);
        if (ledger is not null) await ledger.StartAsync(accepted, deliveries, cancellationToken).ConfigureAwait(false);
        _healthFeed = health.Attach(deliveries);
        var now = clock.GetUtcNow();
        _replay = Task.Run(() => HealthReplay.Run(mailLogReader, health, now), CancellationToken.None);
        delivery.Start();
        destinationSwitch.Start();
        listener.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await listener.StopAsync(cancellationToken).ConfigureAwait(false);
        await destinationSwitch.DisposeAsync().ConfigureAwait(false);
        await delivery.DisposeAsync().ConfigureAwait(false);
        await spool.DisposeAsync().ConfigureAwait(false);
        _healthFeed?.Dispose();
        await mailLog.DisposeAsync().ConfigureAwait(false);
        if (ledger is not null) await ledger.DisposeAsync().ConfigureAwait(false);
        try { await _replay.ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
    }
}
