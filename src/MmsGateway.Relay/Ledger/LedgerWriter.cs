using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.Ledger;

/// <summary>Feeds the MM4 ledger: classifies each accepted message from its header block (already in
/// memory), notes hand-overs, and writes them in batches off the accept path; marks REQs missing and
/// prunes on a timer. Exposure: none. Durability: an observation reaches the database within
/// FlushInterval; a database that refuses is reported (<see cref="Problem"/>) while observations wait in a
/// bounded buffer, the oldest dropped and counted past it. Mail never waits for the ledger.</summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    // A hand-over can be seen before its message's accept event (two feeds, two pumps): it waits this long.
    private static readonly TimeSpan HandOverGrace = TimeSpan.FromSeconds(5);
    private readonly LedgerOptions _options;
    private readonly Mm4Options _mm4;
    private readonly ILedgerStore _store;
    private readonly LiveRules _rules;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Channel<LedgerObservation> _incoming;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly HashSet<string> _requests = [];           // REQ queue ids not yet handed over
    private readonly List<ObservedHandOver> _early = [];
    private List<LedgerObservation>? _retry;
    private Task _loop = Task.CompletedTask;
    private long _dropped, _written, _failures, _classified;
    private volatile string? _problem;

    public LedgerWriter(LedgerOptions options, Mm4Options mm4, ILedgerStore store, LiveRules rules, TimeProvider clock, ILogger log)
    {
        _options = options;
        _mm4 = mm4;
        _store = store;
        _rules = rules;
        _clock = clock;
        _log = log;
        _incoming = Channel.CreateBounded<LedgerObservation>(new BoundedChannelOptions(options.MaxPending)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    public LedgerTotals Totals { get; } = new();

    /// <summary>Why the ledger cannot be written, or null when it is healthy.</summary>
    public string? Problem => _problem;

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>MM4 messages seen at intake.</summary>
    public long Classified => Interlocked.Read(ref _classified);

    public int Pending => _incoming.Reader.Count + (_retry?.Count ?? 0);

    public bool Enabled => _options.Enabled;

    public async Task StartAsync(AcceptFeed accepted, DeliveryFeed deliveries, CancellationToken cancellationToken)
    {
        if (!_options.Enabled) return;
        try
        {
            foreach (var id in await _store.UndeliveredQueueIdsAsync(cancellationToken).ConfigureAwait(false)) _requests.Add(id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail(e, 0);
        }
        _subscriptions.Add(accepted.Subscribe(new FeedObserver<MessageAccepted>(OnAccepted), 100_000, CountDropped));
        _subscriptions.Add(deliveries.Subscribe(new FeedObserver<DeliveryAttempt>(OnAttempt), 100_000, CountDropped));
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    private void CountDropped() => Interlocked.Increment(ref _dropped);

    private void OnAccepted(MessageAccepted a)
    {
        if (a.Headers is null || Observe(a) is not { } observed) return;
        Interlocked.Increment(ref _classified);
        _incoming.Writer.TryWrite(observed);
    }

    /// <summary>The observation an accepted message makes, or null when it is not MM4.</summary>
    public ObservedMessage? Observe(MessageAccepted a)
    {
        if (a.Headers is null || Mm4Classifier.Classify(a.Headers) is not { } message) return null;
        var rules = _rules.Current;
        var parties = TrafficParties.Of(rules, IPAddress.TryParse(a.Peer, out var ip) ? ip : null, Domain(a.Sender),
            a.To.Count > 0 ? Domain(a.To[0]) : "");
        var findings = Mm4Lint.Check(message, new LintContext(a.Sender, a.To, a.Size)
        {
            MaxSize = parties.PartnerRoute?.MaxMessageSize,
            SenderDomainExceptions = _mm4.SenderDomainExceptions,
        });
        return new ObservedMessage(a.At, a.QueueId, message, parties, a.Size,
            parties.PartnerRoute?.ResponseTimeout ?? _options.ResponseTimeout, findings)
        {
            EnvelopeSender = a.Sender,
            EnvelopeRecipient = a.To.Count > 0 ? a.To[0] : null,
        };
    }

    private void OnAttempt(DeliveryAttempt d)
    {
        if (d.Outcome == OutcomeKind.Delivered) _incoming.Writer.TryWrite(new ObservedHandOver(d.At, d.QueueId));
        else if (d.Outcome == OutcomeKind.Bounced) _incoming.Writer.TryWrite(new ObservedHandOver(d.At, d.QueueId, d.Status));
    }

    private static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : address[(at + 1)..].ToLowerInvariant();
    }

    private async Task LoopAsync()
    {
        var nextSweep = _clock.GetUtcNow();
        var nextPrune = nextSweep;
        var backoff = _options.FlushInterval;
        while (!_stop.IsCancellationRequested)
        {
            try { await Task.Delay(backoff, _clock, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            var ok = await FlushAsync(_stop.Token).ConfigureAwait(false);
            backoff = ok ? _options.FlushInterval : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            var now = _clock.GetUtcNow();
            if (ok && now >= nextSweep)
            {
                nextSweep = now + _options.SweepInterval;
                await SweepAsync(now, prune: now >= nextPrune, _stop.Token).ConfigureAwait(false);
                if (now >= nextPrune) nextPrune = now + _options.PruneInterval;
            }
        }
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Writes what is pending now, batch by batch; false when the store refused (kept for the next try).</summary>
    private async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = _retry ?? Take();
            if (batch.Count == 0) return true;
            try
            {
                var counts = await _store.ApplyAsync(batch, cancellationToken).ConfigureAwait(false);
                Totals.Add(counts);
                Interlocked.Add(ref _written, batch.Count);
                _retry = null;
                if (_problem is not null) LedgerEvents.Recovered(_log);
                _problem = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _retry = batch;
                Fail(e, Pending);
                return false;
            }
            catch (OperationCanceledException)
            {
                _retry = batch;
                return false;
            }
        }
    }

    private void Fail(Exception e, int pending)
    {
        Interlocked.Increment(ref _failures);
        var reason = e.GetBaseException().Message;
        if (_problem is null) LedgerEvents.WriteFailed(_log, reason, pending);
        _problem = $"the MM4 ledger cannot be written ({reason})";
    }

    // One batch, in order. A hand-over is kept only for a REQ this gateway knows is queued; one that came
    // before its message's accept event waits for it a little.
    private List<LedgerObservation> Take()
    {
        var batch = new List<LedgerObservation>();
        var now = _clock.GetUtcNow();
        for (var i = _early.Count - 1; i >= 0; i--)
        {
            var h = _early[i];
            if (_requests.Contains(h.QueueId)) { batch.Add(h); Seen(h); _early.RemoveAt(i); }
            else if (now - h.At > HandOverGrace) _early.RemoveAt(i);
        }
        while (batch.Count < _options.BatchSize && _incoming.Reader.TryRead(out var o))
        {
            switch (o)
            {
                case ObservedMessage { Message.Type.IsRequest: true } m: _requests.Add(m.QueueId); batch.Add(m); break;
                case ObservedMessage m: batch.Add(m); break;
                case ObservedHandOver h when _requests.Contains(h.QueueId): batch.Add(h); Seen(h); break;
                case ObservedHandOver h: _early.Add(h); break;
            }
        }
        return batch;
    }

    private void Seen(ObservedHandOver h) => _requests.Remove(h.QueueId);

    private async Task SweepAsync(DateTimeOffset now, bool prune, CancellationToken cancellationToken)
    {
        try
        {
            Totals.Add(await _store.ExpireAsync(now, cancellationToken).ConfigureAwait(false));
            if (!prune) return;
            var before = now - _options.Retention;
            var rows = await _store.PruneAsync(before, cancellationToken).ConfigureAwait(false);
            if (rows > 0) LedgerEvents.Pruned(_log, rows, before);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LedgerEvents.SweepFailed(_log, e.GetBaseException().Message);
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _subscriptions) s.Dispose();
        _subscriptions.Clear();
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
