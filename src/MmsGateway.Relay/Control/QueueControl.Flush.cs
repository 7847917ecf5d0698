using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Control;

// Flushes and operator bounces: the seed's queue-runner rituals, answered from the index so that
// the first delivery starts at once however many other messages wait (no "grew WorkList" scan).
public sealed partial class QueueControl
{
    private const int FinishedFlushesKept = 20;
    private readonly List<FlushRun> _flushes = [];
    private int _flushIds;

    public IReadOnlyList<FlushRun> Flushes
    {
        get { lock (_flushes) return _flushes.ToList(); }
    }

    public FlushRun Flush(QueueSelection selection)
    {
        FlushRun run;
        List<string> domains;
        lock (index.Gate)
        {
            run = new FlushRun(Interlocked.Increment(ref _flushIds), selection.ToString(), clock.GetUtcNow()) { OnStop = Stop };
            var targets = Walk(selection).Where(r => r.State is RecipientState.Ready or RecipientState.Deferred).ToList();
            run.Selected = targets.Count;
            run.Targets = targets;
            domains = targets.Select(r => r.Domain).Distinct().ToList();
            foreach (var d in domains) scheduler.ForgetUnreachable(d);
            foreach (var r in targets)
            {
                r.Flush?.Withdrawn(1);   // a newer flush takes it over
                r.Flush = run;
                if (r.State == RecipientState.Deferred) index.SetStateLocked(r, RecipientState.Ready);
            }
        }
        run.CheckFinished(FlushState.Done);   // an empty selection is done at once
        lock (_flushes)
        {
            _flushes.Insert(0, run);
            var finished = _flushes.Where(f => f.State != FlushState.Running).Skip(FinishedFlushesKept).ToList();
            foreach (var f in finished) _flushes.Remove(f);
        }
        foreach (var d in domains) scheduler.Kick(d);
        feed.Publish(new QueueChange(QueueChangeKind.Flushed, clock.GetUtcNow(), run.Selected, Destinations: domains, Selection: run.Selection));
        _ = run.Finished.ContinueWith(_ => run.Targets = null, TaskScheduler.Default);
        return run;
    }

    // Recipients the flush made due and nobody has taken yet go back to their retry time.
    private void Stop(FlushRun run)
    {
        var withdrawn = 0;
        lock (index.Gate)
        {
            if (run.State != FlushState.Running || run.Targets is not { } targets) return;
            foreach (var r in targets)
            {
                if (r.Flush != run || r.InFlight) continue;
                r.Flush = null;
                withdrawn++;
                if (r.State == RecipientState.Ready && r.NextAttemptMs > 0) index.SetStateLocked(r, RecipientState.Deferred);
            }
        }
        run.Withdraw(withdrawn, FlushState.Stopped);
    }

    public async Task<QueueActionResult> BounceAsync(QueueSelection selection, string reason, CancellationToken cancellationToken = default)
    {
        List<IGrouping<QueuedMessage, QueuedRecipient>> byMessage;
        lock (index.Gate)
            byMessage = Walk(selection).Where(r => !r.InFlight).GroupBy(r => r.Message).ToList();
        var text = $"Bounced by the gateway operator: {reason}";
        var notices = 0;
        // Each sender's notice is on disk before its recipients are marked bounced (as in delivery).
        foreach (var g in byMessage)
            if (await bounces.SendAsync(g.Key, g.Select(r => new BounceWriter.Failure(r.Address, "5.0.0", text, null)).ToList()).ConfigureAwait(false) is not null)
                notices++;
        var chosen = byMessage.SelectMany(g => g).ToHashSet();
        var result = await ChangeAsync(selection, r => chosen.Contains(r), RecipientState.Bounced, QueueChangeKind.Bounced,
            stillEligible: r => !r.InFlight).ConfigureAwait(false);
        return result with { NoticesSent = notices };
    }
}
