using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Delivery;

/// <summary>Delivers one destination domain's due mail over up to its concurrency limit
/// connections, each reused for successive messages (Postfix's per-destination concurrency).
/// When no next hop answers, the domain is marked unreachable for a while and its due mail is
/// deferred at once, without 200,000 connection attempts to a dead peer.</summary>
internal sealed class DestinationWorker(string domain, DeliveryContext context)
{
    private const int MaxRecipientsPerTransaction = 100;
    private static readonly TimeSpan DefectPause = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _work = new(0);
    private int _connections;
    private long _unreachableUntilMs;
    private HopConnector.Failed? _unreachable;

    public string Domain => domain;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>More mail is due: start another connection if the limit allows, else nudge an idle one.</summary>
    public void Wake()
    {
        if (TryOpenConnection()) return;
        var n = Volatile.Read(ref _connections);
        if (_work.CurrentCount < n) _work.Release();
    }

    // Starts one more connection unless the destination's limit is reached.
    private bool TryOpenConnection()
    {
        while (true)
        {
            var n = Volatile.Read(ref _connections);
            if (n >= context.Options.ConcurrencyFor(domain, context.Rules.Current)) return false;
            if (Interlocked.CompareExchange(ref _connections, n + 1, n) == n) break;
        }
        context.Track(Task.Run(RunConnectionAsync));
        return true;
    }

    // Postfix's slow start: a connection that delivers while more mail waits opens one more, up to the
    // limit. Arrivals, releases and retries wake the worker once per recipient; a backlog found at start-up
    // gets one wake-up per destination, and without this drained over the one connection it started.
    private void GrowAfterSuccess(MessageTransfer.Result result)
    {
        if (Volatile.Read(ref _connections) >= context.Options.ConcurrencyFor(domain, context.Rules.Current)) return;
        if (result.Outcomes.Any(o => o.Kind == OutcomeKind.Delivered) && context.Index.HasDue(domain)) TryOpenConnection();
    }

    /// <summary>An operator asked for delivery now: forget that the peer was unreachable.</summary>
    public void ClearUnreachable() => Volatile.Write(ref _unreachableUntilMs, 0);

    private async Task RunConnectionAsync()
    {
        HopConnector.Connected? connection = null;
        List<QueuedRecipient>? claimed = null;
        var failed = false;
        try
        {
            while (!context.Stopping.IsCancellationRequested)
            {
                claimed = context.Index.Claim(domain, MaxRecipientsPerTransaction);
                if (claimed is null)
                {
                    // Idle: keep the connection a little for the next message, then let it go.
                    if (await _work.WaitAsync(context.Options.ConnectionIdleTime, context.Stopping).ConfigureAwait(false)) continue;
                    break;
                }
                var message = claimed[0].Message;
                // The operator is down, holding: mail that reaches here (new, or deferred before the
                // switch) is parked rather than attempted.
                if (context.Rules.Current.Resolve(domain) is { Status: DestinationStatus.Holding } holding)
                {
                    await context.Recorder.ParkAsync(message, claimed,
                        holding.StatusText ?? $"{holding.Operator ?? domain} is down; mail is held until it is brought up").ConfigureAwait(false);
                    claimed = null;
                    continue;
                }
                if (connection is not null && connection.Client.MessagesSent >= context.Options.MaxMessagesPerConnection)
                    connection = await CloseAsync(connection).ConfigureAwait(false);
                connection ??= await ConnectAsync(claimed).ConfigureAwait(false);
                if (connection is null) continue;   // deferred by ConnectAsync

                var reused = connection.Client.MessagesSent > 0;
                var result = await MessageTransfer.SendAsync(connection, context.Spool, message, claimed, context.Stopping).ConfigureAwait(false);
                if (result.Defect is { } defect)
                {
                    DeliveryLog.Defect(context.Log, message.Id.ToString(), domain, defect);
                    connection = await CloseAsync(connection).ConfigureAwait(false);
                }
                else if (!result.ConnectionUsable)
                {
                    connection = await CloseAsync(connection).ConfigureAwait(false);
                    // A kept connection the peer closed while idle is not the message's fault: once more, freshly.
                    if (reused && !context.Stopping.IsCancellationRequested && result.Outcomes.All(o => o.Kind == OutcomeKind.Deferred))
                    {
                        connection = await ConnectAsync(claimed).ConfigureAwait(false);
                        if (connection is null) continue;
                        result = await MessageTransfer.SendAsync(connection, context.Spool, message, claimed, context.Stopping).ConfigureAwait(false);
                        if (!result.ConnectionUsable) connection = await CloseAsync(connection).ConfigureAwait(false);
                    }
                }
                // Cut off by our own shutdown: not the peer's fault, so no attempt is counted and no retry
                // time set; the spool still says due, and the restarted gateway sends at once.
                if (context.Stopping.IsCancellationRequested && result.Outcomes.All(o => o.Kind == OutcomeKind.Deferred)) break;
                await context.Recorder.RecordAsync(message, claimed, result.Outcomes).ConfigureAwait(false);
                claimed = null;
                GrowAfterSuccess(result);
            }
        }
        catch (OperationCanceledException) when (context.Stopping.IsCancellationRequested) { }
        catch (Exception e)
        {
            // A defect of ours outside one transfer (recording, routing): never a silent end of delivery
            // for the destination. The claimed recipients are deferred like any failure, so a message
            // that causes it backs off instead of looping.
            failed = true;
            DeliveryLog.WorkerFailed(context.Log, claimed?[0].Message.Id.ToString() ?? "-", domain, e);
            if (claimed is not null && await TryDeferAfterDefectAsync(claimed, e).ConfigureAwait(false)) claimed = null;
        }
        finally
        {
            if (claimed is not null) context.Index.Unclaim(claimed);
            if (connection is not null) await CloseAsync(connection).ConfigureAwait(false);
            Interlocked.Decrement(ref _connections);
        }
        if (context.Stopping.IsCancellationRequested || !context.Index.HasDue(domain)) return;
        // Mail that became due between the last empty claim and the decrement above must not wait for the
        // next arrival. After a defect the destination's other mail goes on, after a pause, not in a tight loop.
        if (failed) await Task.Delay(DefectPause, context.Stopping).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        if (!context.Stopping.IsCancellationRequested) Wake();
    }

    private async Task<bool> TryDeferAfterDefectAsync(List<QueuedRecipient> claimed, Exception e)
    {
        try
        {
            await Defer(claimed[0].Message, claimed, new HopConnector.Failed("", "4.3.0", $"internal error ({e.GetType().Name}: {e.Message})")).ConfigureAwait(false);
            return true;
        }
        catch (Exception again)
        {
            DeliveryLog.WorkerFailed(context.Log, claimed[0].Message.Id.ToString(), domain, again);
            return false;
        }
    }

    // Connects through the route's hops, or defers the claimed recipients with the reason and returns null.
    private async Task<HopConnector.Connected?> ConnectAsync(List<QueuedRecipient> claimed)
    {
        var message = claimed[0].Message;
        var nowMs = context.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var route = context.Rules.Current.Resolve(domain);
        if (route is null)
        {
            DeliveryLog.NoRoute(context.Log, domain, claimed.Count);
            await Defer(message, claimed, new HopConnector.Failed("", "4.4.0", $"no route to {domain} (removed from the routing table)")).ConfigureAwait(false);
            return null;
        }
        if (Volatile.Read(ref _unreachableUntilMs) > nowMs && _unreachable is { } cached)
        {
            await Defer(message, claimed, cached).ConfigureAwait(false);
            return null;
        }
        var (connection, failure) = await context.Connector.ConnectAsync(route, hop => context.Capture(domain, hop), context.Stopping).ConfigureAwait(false);
        if (connection is not null) return connection;
        _unreachable = failure!;
        var until = nowMs + (long)context.Options.RetryInitial.TotalMilliseconds / 4;
        Volatile.Write(ref _unreachableUntilMs, until);
        DeliveryLog.Unreachable(context.Log, domain, failure!.Reason, DateTimeOffset.FromUnixTimeMilliseconds(until));
        await Defer(message, claimed, failure).ConfigureAwait(false);
        return null;
    }

    private Task Defer(QueuedMessage message, List<QueuedRecipient> claimed, HopConnector.Failed why) =>
        context.Recorder.RecordAsync(message, claimed, claimed.Select(_ => DeliveryOutcome.Defer(why.Relay, why.Dsn, why.Reason)).ToList());

    private static async Task<HopConnector.Connected?> CloseAsync(HopConnector.Connected connection)
    {
        try
        {
            if (connection.Client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await connection.Client.DisconnectAsync(quit: true, quit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Net.Smtp.SmtpCommandException or OperationCanceledException) { }
        finally { connection.Client.Dispose(); }
        return null;
    }
}
