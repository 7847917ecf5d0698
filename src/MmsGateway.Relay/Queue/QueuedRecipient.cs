using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Queue;

/// <summary>One envelope recipient and its delivery state. Mutated only under the index's lock.</summary>
public sealed class QueuedRecipient
{
    internal QueuedRecipient(QueuedMessage message, int index, string address, string domain)
    {
        Message = message;
        Index = index;
        Address = address;
        Domain = domain;
    }

    public QueuedMessage Message { get; }

    public int Index { get; }

    /// <summary>As the client sent it, byte for byte (an MM4 PLMN address is never rewritten).</summary>
    public string Address { get; }

    /// <summary>Lower-cased destination domain, the index key.</summary>
    public string Domain { get; }

    public RecipientState State { get; internal set; }

    public int Attempts { get; internal set; }

    /// <summary>Unix milliseconds of the next attempt while <see cref="RecipientState.Deferred"/>.</summary>
    public long NextAttemptMs { get; internal set; }

    public string? LastError { get; internal set; }

    internal RecipientSnapshot Snapshot() => new((byte)State, Attempts, NextAttemptMs, LastError);

    internal void Restore(RecipientSnapshot s)
    {
        State = (RecipientState)s.State;
        Attempts = s.Attempts;
        NextAttemptMs = s.NextAttemptMs;
        LastError = s.LastError;
    }

    /// <summary>A delivery attempt holds it: not claimed twice, its outcome applied when the attempt ends.</summary>
    internal bool InFlight;

    /// <summary>The operator's flush that made it due, whose progress its next outcome counts in.</summary>
    internal IFlushProgress? Flush;

    // Intrusive links in the destination's arrival-ordered list: O(1) unlink, no per-node allocation.
    internal QueuedRecipient? Prev;
    internal QueuedRecipient? Next;
}
