using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Control;

public enum FlushState { Running, Done, Stopped }

/// <summary>One operator flush (sendmail -qR/-qS/-qI, or a destination's "flush now" button) and
/// its live progress. Counters move as outcomes are recorded; read them at any time.</summary>
public sealed class FlushRun : IFlushProgress
{
    private int _attempted, _delivered, _deferred, _bounced, _withdrawn;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FlushRun(int id, string selection, DateTimeOffset startedAt)
    {
        Id = id;
        Selection = selection;
        StartedAt = startedAt;
    }

    public int Id { get; }

    public string Selection { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Recipients the flush made due (deferred ones) or found due already (ready ones).</summary>
    public int Selected { get; internal set; }

    public int Attempted => Volatile.Read(ref _attempted);

    public int Delivered => Volatile.Read(ref _delivered);

    public int Deferred => Volatile.Read(ref _deferred);

    public int Bounced => Volatile.Read(ref _bounced);

    /// <summary>Selected recipients that left the flush unattempted: stopped, held or deleted meanwhile.</summary>
    public int Withdrawn => Volatile.Read(ref _withdrawn);

    public FlushState State { get; private set; } = FlushState.Running;

    /// <summary>Completes when every selected recipient was attempted or withdrawn.</summary>
    public Task Finished => _finished.Task;

    internal Action<FlushRun>? OnStop;

    // The selected recipients, kept only while the flush runs (for Stop).
    internal List<QueuedRecipient>? Targets;

    /// <summary>Stops the flush: recipients not yet attempted go back to waiting for their retry time
    /// (the seed's SIGTERM to the queue runner, without killing what is already on the wire).</summary>
    public void Stop() => OnStop?.Invoke(this);

    void IFlushProgress.Attempted(RecipientState result)
    {
        Interlocked.Increment(ref _attempted);
        switch (result)
        {
            case RecipientState.Delivered: Interlocked.Increment(ref _delivered); break;
            case RecipientState.Bounced: Interlocked.Increment(ref _bounced); break;
            default: Interlocked.Increment(ref _deferred); break;
        }
        CheckFinished(FlushState.Done);
    }

    void IFlushProgress.Withdrawn(int count) => Withdraw(count, FlushState.Done);

    internal void Withdraw(int n, FlushState ending)
    {
        if (ending == FlushState.Stopped) _stopRequested = true;
        Interlocked.Add(ref _withdrawn, n);
        CheckFinished(ending);
    }

    private volatile bool _stopRequested;

    internal void CheckFinished(FlushState ending)
    {
        lock (_finished)
        {
            if (Attempted + Withdrawn < Selected || State != FlushState.Running) return;
            FinishedAt = DateTimeOffset.UtcNow;
            State = _stopRequested ? FlushState.Stopped : ending;
        }
        _finished.TrySetResult();
    }

    public override string ToString() =>
        $"flush {Id} {Selection}: selected={Selected} attempted={Attempted} delivered={Delivered} deferred={Deferred} bounced={Bounced} withdrawn={Withdrawn} {State.ToString().ToLowerInvariant()}";
}
