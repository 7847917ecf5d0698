using System.Net;
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
/// FlushInterval; a database that refuses is reported (<see cref="Problem"/>) while
/// observations wait in bounded buffers, the oldest dropped and counted past them. Mail never waits for the ledger.</summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    // A hand-over can be seen before its message's accept event (two feeds): it waits this long for it.
    private static readonly TimeSpan HandOverGrace = TimeSpan.FromSeconds(5);
    private readonly LedgerOptions _options;
    private readonly Mm4Options _mm4;
    private readonly ILedgerStore _store;
    private readonly LiveRules _rules;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _requests = [];           // REQ queue ids written, or held, and not yet handed over
    private readonly List<ObservedHandOver> _early = [];
    private IFeedBuffer<MessageAccepted>? _accepted;
    private IFeedBuffer<DeliveryAttempt>? _attempts;
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
    }

    public LedgerTotals Totals { get; } = new();

    /// <summary>Why the ledger cannot be written, or null when it is healthy.</summary>
    public string? Problem => _problem;

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>MM4 messages seen at intake.</summary>
    public long Classified => Interlocked.Read(ref _classified);

    /// <summary>Events and observations not yet written (read by /metrics from another thread: a close figure).</summary>
    public int Pending => (_accepted?.Count ?? 0) + (_attempts?.Count ?? 0) + Volatile.Read(ref _retryCount);

    private int _retryCount;

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
        // Buffers this loop drains every FlushInterval, not subscriptions woken per message (issue 14: under 5 %).
        _accepted = accepted.Buffer(_options.MaxPending, CountDropped);
        _attempts = deliveries.Buffer(_options.MaxPending, CountDropped);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    private void CountDropped() => Interlocked.Increment(ref _dropped);

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
                Volatile.Write(ref _retryCount, 0);
                if (_problem is not null) LedgerEvents.Recovered(_log);
                _problem = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Keep(batch);
                Fail(e, Pending);
                return false;
            }
            catch (OperationCanceledException)
            {
                Keep(batch);
                return false;
            }
        }
    }

    private void Keep(List<LedgerObservation> batch)
    {
        _retry = batch;
        Volatile.Write(ref _retryCount, batch.Count);
    }

    private void Fail(Exception e, int pending)
    {
        Interlocked.Increment(ref _failures);
        var reason = e.GetBaseException().Message;
        if (_problem is null) LedgerEvents.WriteFailed(_log, reason, pending);
        _problem = $"the MM4 ledger cannot be written ({reason})";
    }

    // One batch: what was accepted, then what was handed over, since the last. A hand-over is kept only for a REQ
    // this gateway knows of; one that came before its message's accept event waits for it a little. (Holding REQs
    // back for their hand-over, to write each row once, cost more in garbage collection than the update it saved:
    // docs/performance.md.)
    private List<LedgerObservation> Take()
    {
        var batch = new List<LedgerObservation>();
        var now = _clock.GetUtcNow();
        var budget = _options.BatchSize;
        while (budget-- > 0 && _accepted is not null && _accepted.TryRead(out var a))
        {
            if (Observe(a) is not { } o) continue;
            Interlocked.Increment(ref _classified);
            if (o.Message.Type.IsRequest) _requests.Add(o.QueueId);
            batch.Add(o);
        }
        // One pass: every hand-over of a message that is not a REQ (non-MM4 mail, RESs, reports) waits here for
        // the grace, thousands at a busy gateway, and removing them one by one moved the rest of the list each time.
        // Compacted in place rather than with RemoveAll, whose lambda would capture batch and now, allocating a
        // closure on every call of Take.
        var kept = 0;
        for (var i = 0; i < _early.Count; i++)
        {
            var h = _early[i];
            if (_requests.Contains(h.QueueId)) HandOver(h, batch);
            else if (now - h.At <= HandOverGrace) _early[kept++] = h;
        }
        _early.RemoveRange(kept, _early.Count - kept);
        while (budget-- > 0 && _attempts is not null && _attempts.TryRead(out var d))
        {
            if (d.Outcome is not (OutcomeKind.Delivered or OutcomeKind.Bounced)) continue;
            var h = new ObservedHandOver(d.At, d.QueueId, d.Outcome == OutcomeKind.Bounced ? d.Status : null);
            if (_requests.Contains(h.QueueId)) HandOver(h, batch);
            else _early.Add(h);
        }
        return batch;
    }

    private void HandOver(ObservedHandOver h, List<LedgerObservation> batch)
    {
        batch.Add(h);
        _requests.Remove(h.QueueId);
    }

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
        _accepted?.Dispose();
        _attempts?.Dispose();
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
