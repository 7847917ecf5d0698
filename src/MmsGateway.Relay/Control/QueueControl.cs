using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Control;

/// <summary>The queue operations of the seed's shell rituals (mailq, -qR/-qS/-qI, moving a queue aside),
/// answered from the in-memory index. Exposure: in-process callers only (console, API, tests).
/// Durability: a hold, release or delete returns after its state records are fsynced.</summary>
public sealed partial class QueueControl(
    QueueIndex index,
    MessageSpool spool,
    QueueChangeFeed feed,
    DeliveryFeed deliveries,
    DeliveryScheduler scheduler,
    BounceWriter bounces,
    DeliveryOptions delivery,
    LiveRules rules,
    TimeProvider clock) : IQueueControl
{
    public IObservable<QueueChange> Changes => feed;

    public IObservable<DeliveryAttempt> Deliveries => deliveries;

    public QueueCounts GetCounts() => index.GetCounts();

    // Recipients looked at per hold of the index lock: a search of a million recipients takes the lock
    // a few hundred times for well under a millisecond each, instead of once for 150 ms, so accepting,
    // delivering and counting never wait long behind a console page (QueueCursor keeps the place).
    private const int SearchSlice = 4096;

    // One search at a time: a search is CPU for the whole walk (about 250 ms at a million recipients),
    // and five console tabs searching at once would take both cores from accepting and delivering.
    private readonly SemaphoreSlim _searching = new(1, 1);

    public QueuePage Search(QueueSelection selection, int skip = 0, int take = 50)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        _searching.Wait();
        try { return SearchSliced(selection, skip, take); }
        finally { _searching.Release(); }
    }

    public async Task<QueuePage> SearchAsync(QueueSelection selection, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        await _searching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { return await Task.Run(() => SearchSliced(selection, skip, take), cancellationToken).ConfigureAwait(false); }
        finally { _searching.Release(); }
    }

    private QueuePage SearchSliced(QueueSelection selection, int skip, int take)
    {
        var items = new List<QueuedMessageView>();
        int messages = 0, recipients = 0;
        var pinned = selection.PinnedDestination;
        // Walking the pinned destination's own list already satisfies its D term.
        var rest = pinned is null ? selection : selection.Without(SelectionField.Destination, pinned);
        var matcher = new SelectionMatcher(rest);
        // A message's recipients are contiguous in every walk (they join each list together),
        // so "a new message" is simply "not the previous one".
        QueuedMessage? current = null;
        HashSet<QueuedRecipient>? matched = null;
        QueueCursor? cursor = null;
        try
        {
            for (var more = true; more;)
            {
                lock (index.Gate)
                {
                    cursor ??= index.OpenCursorLocked(pinned);
                    for (var n = 0; n < SearchSlice && !(n % 64 == 63 && index.RelayWaiting) && (more = cursor.TryNext(out var r)); n++)
                    {
                        if (!matcher.Matches(r)) continue;
                        recipients++;
                        if (r.Message != current)
                        {
                            Flush();
                            current = r.Message;
                            matched = messages >= skip && messages < skip + take ? [] : null;
                            messages++;
                        }
                        matched?.Add(r);
                    }
                    if (!more) Flush();
                }
                // Between slices the lock is free: the relay's work queued for it goes first (bounded, so that
                // a steady stream of it still lets the search finish). The yield after every slice also hands
                // the core to a woken accept or delivery thread now rather than at the scheduler's next tick.
                var spin = 0;
                do Thread.Yield();
                while (more && index.RelayWaiting && ++spin < 1000);
            }
        }
        finally { cursor?.Dispose(); }
        return new QueuePage(messages, recipients, items);

        // Under the lock: the view copies the message's recipients as they are now.
        void Flush()
        {
            if (current is not null && matched is not null) items.Add(View(current, matched));
            matched = null;
        }
    }

    // Matching queued recipients, oldest message first; the index lock must be held.
    private IEnumerable<QueuedRecipient> Walk(QueueSelection selection)
    {
        var pinned = selection.PinnedDestination;
        // Walking the pinned destination's own list already satisfies its D term.
        var rest = pinned is null ? selection : selection.Without(SelectionField.Destination, pinned);
        if (rest.Terms.Count == 0) return index.CandidatesLocked(pinned);
        return Filter(index.CandidatesLocked(pinned), rest);
    }

    private static IEnumerable<QueuedRecipient> Filter(IEnumerable<QueuedRecipient> candidates, QueueSelection selection)
    {
        var matcher = new SelectionMatcher(selection);
        foreach (var r in candidates)
            if (matcher.Matches(r)) yield return r;
    }

    // A selection's test of one recipient, with the queue id's text made once per message (I terms).
    private sealed class SelectionMatcher(QueueSelection selection)
    {
        private readonly bool _needsId = selection.NeedsQueueIdText;
        private QueuedMessage? _last;
        private string _idText = "";

        public bool Matches(QueuedRecipient r)
        {
            if (selection.Terms.Count == 0) return true;
            if (_needsId && r.Message != _last) { _last = r.Message; _idText = r.Message.Id.ToString(); }
            return selection.Matches(r, _idText);
        }
    }

    public QueuedMessageView? Find(string queueId)
    {
        if (!QueueId.TryParse(queueId, out var id)) return null;
        lock (index.Gate)
        {
            var m = index.Find(id);
            return m is null ? null : View(m, null);
        }
    }

    public Stream? OpenMessage(string queueId)
    {
        if (!QueueId.TryParse(queueId, out var id)) return null;
        var m = index.Find(id);
        if (m is null) return null;
        try { return spool.OpenBody(m.Body); }
        catch (FileNotFoundException) { return null; }   // a race with its delivery: it just left
    }

    public Task<QueueActionResult> HoldAsync(QueueSelection selection, CancellationToken cancellationToken = default) =>
        ChangeAsync(selection, r => r.State is RecipientState.Ready or RecipientState.Deferred, RecipientState.Held, QueueChangeKind.Held);

    public Task<QueueActionResult> ReleaseAsync(QueueSelection selection, CancellationToken cancellationToken = default) =>
        ChangeAsync(selection, r => r.State == RecipientState.Held, RecipientState.Ready, QueueChangeKind.Released);

    public Task<QueueActionResult> DeleteAsync(QueueSelection selection, CancellationToken cancellationToken = default) =>
        ChangeAsync(selection, _ => true, RecipientState.Deleted, QueueChangeKind.Deleted);

    private async Task<QueueActionResult> ChangeAsync(QueueSelection selection, Func<QueuedRecipient, bool> eligible, RecipientState next,
        QueueChangeKind kind, Func<QueuedRecipient, bool>? stillEligible = null)
    {
        Task commit;
        List<QueuedRecipient> targets;
        var gone = new List<QueuedMessage>();
        var extended = new HashSet<QueuedMessage>();
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        lock (index.Gate)
        {
            // Materialised first: a final state unlinks recipients from the lists being walked.
            targets = Walk(selection).Where(eligible).Where(r => stillEligible?.Invoke(r) ?? true).ToList();
            if (next == RecipientState.Ready)
                foreach (var d in targets.Select(r => r.Domain).Distinct()) scheduler.ForgetUnreachable(d);
            foreach (var r in targets)
            {
                if (next == RecipientState.Ready)
                {
                    r.NextAttemptMs = 0;
                    if (ExtendIfExpired(r, nowMs)) extended.Add(r.Message);
                }
                if (r.Flush is { } flush && next != RecipientState.Ready)
                {
                    r.Flush = null;
                    flush.Withdrawn(1);
                }
                if (index.SetStateLocked(r, next)) gone.Add(r.Message);
            }
            // Serialised under the lock so that state records reach the disk in the order of the changes.
            commit = spool.CommitStatesAsync(targets.Select(r => r.Message).Distinct().Select(m => m.ToStates()));
        }
        await commit.ConfigureAwait(false);
        foreach (var m in gone) spool.Release(m.Body);
        if (targets.Count > 0)
            feed.Publish(new QueueChange(kind, clock.GetUtcNow(), targets.Count,
                Destinations: targets.Select(r => r.Domain).Distinct().ToArray(), Selection: selection.ToString()));
        return new QueueActionResult(targets.Count, extended.Count);
    }

    // Held mail never expires (the seed: "-O Timeout.queuereturn=10d, otherwise you are losing the
    // mail"). Released after its lifetime, it gets a whole lifetime from now rather than a bounce.
    private bool ExtendIfExpired(QueuedRecipient r, long nowMs)
    {
        var m = r.Message;
        var lifetimeMs = (long)delivery.LifetimeFor(r.Domain, rules.Current).TotalMilliseconds;
        var expires = m.ExpiresAtMs != 0 ? m.ExpiresAtMs : m.ReceivedAtMs + lifetimeMs;
        if (expires > nowMs) return false;
        m.ExpiresAtMs = nowMs + lifetimeMs;
        return true;
    }

    private static QueuedMessageView View(QueuedMessage m, HashSet<QueuedRecipient>? matched) => new(
        m.Id.ToString(),
        DateTimeOffset.FromUnixTimeMilliseconds(m.ReceivedAtMs),
        m.Sender,
        m.ClientAddress,
        m.Helo,
        m.Size,
        m.Recipients.Where(r => !r.State.IsFinal()).Select(r => new RecipientView(
            r.Address, r.Domain, r.State.ToString().ToLowerInvariant(), r.Attempts,
            r.State == RecipientState.Deferred ? DateTimeOffset.FromUnixTimeMilliseconds(r.NextAttemptMs) : null,
            r.LastError, matched is null || matched.Contains(r))).ToList());
}
