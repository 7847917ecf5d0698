namespace MmsGateway.Relay.Queue;

/// <summary>Answers "what waits for whom": recipients by destination and state, counts in O(1).
/// Exposure: none to the network (fed by the SMTP sessions after commit, and by Control).
/// Durability: none of its own; rebuilt from the spool at start (docs/queue-format.md).</summary>
/// <remarks>One lock guards every mutation and every walk. Counts are plain integers kept in step
/// with each change, so "how deep is the queue" never scans anything (the seed's "ls | wc -l").</remarks>
public sealed class QueueIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, QueuedMessage> _messages = new();
    private readonly Dictionary<string, Destination> _destinations = new(StringComparer.Ordinal);
    private readonly int[] _counts = new int[RecipientStates.QueuedCount];
    private readonly PriorityQueue<QueuedRecipient, long> _deferred = new();
    // Walks in progress that release the lock between steps (console searches); a removal moves any
    // cursor standing on the removed node to its successor, so a cursor never points at a removed node.
    private readonly List<QueueCursor> _cursors = [];
    private QueuedMessage? _head, _tail;

    /// <summary>Called, under the lock, when a recipient of the domain became due (arrived, was
    /// released, flushed, or its retry time came). Must only signal, never block.</summary>
    public Action<string>? BecameDue { get; set; }

    public Lock Gate => _gate;

    private int _relayWaiting;

    /// <summary>Takes the lock for the relay's own work (accepting, delivering, retry times, counts). A
    /// console search between two of its slices waits while such a taker is queued: an unfair lock would
    /// otherwise let the search take it back at once, again and again (seen: accept p99 from 3 to 90 ms).</summary>
    internal Lock.Scope EnterForRelay()
    {
        Interlocked.Increment(ref _relayWaiting);
        try { return _gate.EnterScope(); }
        finally { Interlocked.Decrement(ref _relayWaiting); }
    }

    /// <summary>Someone is waiting for the lock on the relay's behalf.</summary>
    internal bool RelayWaiting => Volatile.Read(ref _relayWaiting) > 0;

    public int MessageCount { get { using (EnterForRelay()) return _messages.Count; } }

    public void Add(QueuedMessage message)
    {
        using (EnterForRelay()) AddLocked(message);
    }

    /// <summary>Adds messages recovered from the spool, oldest first, so arrival order survives compaction.</summary>
    public void AddRecovered(IEnumerable<QueuedMessage> messages)
    {
        using (EnterForRelay())
            foreach (var m in messages.OrderBy(m => m.Id.Value))
                AddLocked(m);
    }

    private void AddLocked(QueuedMessage message)
    {
        if (!_messages.TryAdd(message.Id.Value, message))
            throw new InvalidOperationException($"queue id {message.Id} is already queued");
        foreach (var r in message.Recipients)
        {
            if (r.State.IsFinal()) continue;
            message.LiveRecipients++;
            var d = DestinationFor(r.Domain);
            d.Append(r);
            d.Counts[(int)r.State]++;
            _counts[(int)r.State]++;
            // After a restart the destination's latest word comes from its recipients (issue 13: the
            // Operators page lost Last error and Next retry while the recipients kept them).
            if (r.State == RecipientState.Deferred && r.LastError is not null && r.NextAttemptMs >= d.NextRetryMs)
            {
                d.LastError = r.LastError;
                d.NextRetryMs = r.NextAttemptMs;
            }
            EnteredLocked(d, r);
        }
        message.Prev = _tail;
        if (_tail is null) _head = message; else _tail.Next = message;
        _tail = message;
        if (message.LiveRecipients == 0) RemoveLocked(message);
    }

    public QueuedMessage? Find(QueueId id)
    {
        using (EnterForRelay()) return _messages.GetValueOrDefault(id.Value);
    }

    /// <summary>Moves a recipient to <paramref name="next"/>; returns true when that made its message
    /// leave the queue (every recipient final), so the caller can release its spool space.</summary>
    public bool SetState(QueuedRecipient r, RecipientState next)
    {
        using (EnterForRelay()) return SetStateLocked(r, next);
    }

    internal bool SetStateLocked(QueuedRecipient r, RecipientState next)
    {
        var previous = r.State;
        if (previous == next || previous.IsFinal()) return false;
        if (!_messages.ContainsKey(r.Message.Id.Value)) return false;
        var d = _destinations[r.Domain];
        d.Counts[(int)previous]--;
        _counts[(int)previous]--;
        r.State = next;
        // The destination's latest word, for the console: the last deferral's reason and retry time,
        // cleared by a delivery (the peer takes mail again).
        if (next == RecipientState.Deferred) { d.LastError = r.LastError; d.NextRetryMs = r.NextAttemptMs; }
        else if (next == RecipientState.Delivered) { d.LastError = null; d.NextRetryMs = 0; }
        if (!next.IsFinal())
        {
            d.Counts[(int)next]++;
            _counts[(int)next]++;
            EnteredLocked(d, r);
            return false;
        }
        foreach (var c in _cursors) c.Unlinking(r);
        d.Unlink(r);
        if (d.Head is null) _destinations.Remove(d.Domain);
        if (--r.Message.LiveRecipients > 0) return false;
        RemoveLocked(r.Message);
        return true;
    }

    private void EnteredLocked(Destination d, QueuedRecipient r)
    {
        if (r.State == RecipientState.Ready)
        {
            d.Due.Enqueue(r);
            BecameDue?.Invoke(d.Domain);
        }
        else if (r.State == RecipientState.Deferred)
            _deferred.Enqueue(r, r.NextAttemptMs);
    }

    /// <summary>Makes deferred recipients whose retry time has come ready; returns how many.
    /// Entries whose recipient moved on (flushed, held, delivered) are dropped on the way.</summary>
    public int PromoteDue(long nowMs)
    {
        var promoted = 0;
        using (EnterForRelay())
            while (_deferred.TryPeek(out var r, out var due) && due <= nowMs)
            {
                _deferred.Dequeue();
                if (r.State != RecipientState.Deferred || r.NextAttemptMs != due || !_messages.ContainsKey(r.Message.Id.Value)) continue;
                SetStateLocked(r, RecipientState.Ready);
                promoted++;
            }
        return promoted;
    }

    /// <summary>Unix milliseconds of the earliest retry, or null when nothing is deferred.</summary>
    public long? NextRetryMs
    {
        get { using (EnterForRelay()) return _deferred.TryPeek(out _, out var due) ? due : null; }
    }

    /// <summary>Takes the oldest due recipient of <paramref name="domain"/> and every other due
    /// recipient of the same message and domain (one SMTP transaction, several RCPTs), marking them
    /// in flight. Null when nothing of the domain is due.</summary>
    public List<QueuedRecipient>? Claim(string domain, int maxRecipients)
    {
        using (EnterForRelay())
        {
            if (!_destinations.TryGetValue(domain, out var d)) return null;
            while (d.Due.TryDequeue(out var r))
            {
                if (r.State != RecipientState.Ready || r.InFlight || !_messages.ContainsKey(r.Message.Id.Value)) continue;
                var claimed = new List<QueuedRecipient> { r };
                r.InFlight = true;
                foreach (var sibling in r.Message.Recipients)
                {
                    if (claimed.Count >= maxRecipients) break;
                    if (sibling == r || sibling.InFlight || sibling.State != RecipientState.Ready || sibling.Domain != domain) continue;
                    sibling.InFlight = true;
                    claimed.Add(sibling);
                }
                return claimed;
            }
            return null;
        }
    }

    /// <summary>Gives claimed recipients back without an outcome (the attempt never happened).</summary>
    public void Unclaim(IEnumerable<QueuedRecipient> claimed)
    {
        using (EnterForRelay())
            foreach (var r in claimed)
            {
                r.InFlight = false;
                if (r.State == RecipientState.Ready && _destinations.TryGetValue(r.Domain, out var d)) d.Due.Enqueue(r);
            }
    }

    public bool HasDue(string domain)
    {
        using (EnterForRelay()) return _destinations.TryGetValue(domain, out var d) && d.Due.Count > 0;
    }

    /// <summary>Domains that have due recipients waiting (after recovery, before anyone was told).</summary>
    public IReadOnlyList<string> DomainsWithDue()
    {
        using (EnterForRelay()) return _destinations.Values.Where(d => d.Due.Count > 0).Select(d => d.Domain).ToList();
    }

    private void RemoveLocked(QueuedMessage m)
    {
        foreach (var c in _cursors) c.Removing(m);
        _messages.Remove(m.Id.Value);
        if (m.Prev is null) _head = m.Next; else m.Prev.Next = m.Next;
        if (m.Next is null) _tail = m.Prev; else m.Next.Prev = m.Prev;
        m.Prev = m.Next = null;
    }

    private Destination DestinationFor(string domain)
    {
        if (!_destinations.TryGetValue(domain, out var d))
            _destinations.Add(domain, d = new Destination(domain));
        return d;
    }

    public QueueCounts GetCounts()
    {
        using (EnterForRelay())
        {
            var destinations = new List<DestinationCounts>(_destinations.Count);
            foreach (var d in _destinations.Values)
                destinations.Add(d.ToCounts());
            destinations.Sort((a, b) => string.CompareOrdinal(a.Domain, b.Domain));
            return new QueueCounts(_messages.Count, _counts[0] + _counts[1] + _counts[2], _counts[0], _counts[1], _counts[2],
                _head is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(_head.ReceivedAtMs), destinations);
        }
    }

    /// <summary>Depth of one destination without building the whole picture.</summary>
    public DestinationCounts? GetCounts(string domain)
    {
        using (EnterForRelay())
        {
            if (!_destinations.TryGetValue(domain.ToLowerInvariant(), out var d)) return null;
            return d.ToCounts();
        }
    }

    /// <summary>Queued recipients of one destination, or of every message in arrival order.
    /// Call with <see cref="Gate"/> held; the walk sees a consistent queue.</summary>
    internal IEnumerable<QueuedRecipient> CandidatesLocked(string? domain)
    {
        if (domain is not null)
            return _destinations.TryGetValue(domain, out var d) ? d.InArrivalOrder() : [];
        return AllRecipientsLocked();
    }

    private IEnumerable<QueuedRecipient> AllRecipientsLocked()
    {
        for (var m = _head; m is not null; m = m.Next)
            foreach (var r in m.Recipients)
                if (!r.State.IsFinal()) yield return r;
    }

    /// <summary>A walk like <see cref="CandidatesLocked"/> whose steps may be taken in separate holds of
    /// <see cref="Gate"/>: what leaves the queue meanwhile is stepped over, what arrives may be missed.
    /// Dispose it (any thread) when done.</summary>
    internal QueueCursor OpenCursorLocked(string? domain)
    {
        var cursor = domain is null
            ? new QueueCursor(this, _head, null)
            : new QueueCursor(this, null, _destinations.TryGetValue(domain, out var d) ? d.Head : null) { ByDestination = true };
        _cursors.Add(cursor);
        return cursor;
    }

    internal void CloseCursor(QueueCursor cursor)
    {
        using (EnterForRelay()) _cursors.Remove(cursor);
    }

    internal IEnumerable<QueuedMessage> MessagesLocked()
    {
        for (var m = _head; m is not null; m = m.Next) yield return m;
    }
}
