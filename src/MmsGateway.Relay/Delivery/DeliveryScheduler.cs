using System.Collections.Concurrent;
using MailKit;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Routing;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Delivery;

/// <summary>Starts delivery the moment mail is due: on arrival, on release, on a flush, or when a
/// retry time comes. Exposure: outbound connections to next hops only.
/// Durability: none of its own; every outcome goes through <see cref="OutcomeRecorder"/>.</summary>
/// <remarks>No queue run scans the spool (the seed's "grew WorkList ... 47000" wait): due mail is
/// found per destination in O(1), and retry times sit in a priority queue.</remarks>
public sealed class DeliveryScheduler : IAsyncDisposable
{
    private readonly QueueIndex _index;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, DestinationWorker> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly DeliveryContext _context;
    private readonly SemaphoreSlim _retrySignal = new(0);
    private Task _retryLoop = Task.CompletedTask;

    public DeliveryScheduler(QueueIndex index, MessageSpool spool, LiveRules rules, DeliveryFeed feed, BounceWriter bounces,
        DeliveryOptions options, string localName, TimeProvider clock, ILogger<DeliveryScheduler> log,
        Func<string, NextHop, IProtocolLogger>? capture = null)
    {
        _index = index;
        _options = options;
        _clock = clock;
        _log = log;
        var recorder = new OutcomeRecorder(index, spool, feed, options, new RetrySchedule(options), bounces, rules, clock, log);
        _context = new DeliveryContext(index, spool, rules, new HopConnector(options, localName, feed.Hops, clock), recorder, options, clock, log,
            capture ?? ((_, _) => (IProtocolLogger)new NullProtocolLogger()), Track, _stopping.Token);
    }

    public void Start()
    {
        if (!_options.Enabled) return;
        _index.BecameDue = Wake;
        foreach (var domain in _index.DomainsWithDue()) Wake(domain);
        _retryLoop = Task.Run(RetryLoopAsync);
    }

    /// <summary>Connections open per destination right now (the console's "active" column).</summary>
    public IReadOnlyDictionary<string, int> Connections =>
        _workers.Where(w => w.Value.Connections > 0).ToDictionary(w => w.Key, w => w.Value.Connections);

    /// <summary>Delivery now for <paramref name="domain"/>, even if it was found unreachable moments ago.</summary>
    public void Kick(string domain)
    {
        if (!_options.Enabled) return;
        var worker = _workers.GetOrAdd(domain, d => new DestinationWorker(d, _context));
        worker.ClearUnreachable();
        worker.Wake();
    }

    /// <summary>An operator says the peer is back (flush, release): the next claim connects rather
    /// than deferring on the strength of the last failure. Call before making its mail due.</summary>
    public void ForgetUnreachable(string domain)
    {
        if (_workers.TryGetValue(domain, out var worker)) worker.ClearUnreachable();
    }

    private void Wake(string domain)
    {
        if (_stopping.IsCancellationRequested) return;
        _workers.GetOrAdd(domain, d => new DestinationWorker(d, _context)).Wake();
    }

    // Promotes deferred recipients whose time has come. Sleeps until the earliest retry, at most a
    // second (a new deferral may be earlier than what it slept for), or until nudged.
    private async Task RetryLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            _index.PromoteDue(now);
            var next = _index.NextRetryMs;
            var wait = next is null ? 1000 : Math.Clamp(next.Value - now, 1, 1000);
            try { await _retrySignal.WaitAsync(TimeSpan.FromMilliseconds(wait), _stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Re-reads retry times at once (an injected clock was moved, in tests).</summary>
    public void CheckRetriesNow() => _retrySignal.Release();

    private void Track(Task task)
    {
        _running[task] = 0;
        task.ContinueWith(t =>
        {
            _running.TryRemove(t, out _);
            // Workers catch their own failures; one that still escapes is logged, never lost in a faulted task.
            if (t.Exception is { } e) DeliveryLog.Unobserved(_log, e.GetBaseException());
        }, TaskScheduler.Default);
    }

    /// <summary>Stops starting attempts; attempts in flight are cancelled and their recipients deferred.</summary>
    public async ValueTask DisposeAsync()
    {
        _index.BecameDue = null;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try { await _retryLoop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }
}
