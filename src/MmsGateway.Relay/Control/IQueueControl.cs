using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Control;

/// <summary>Everything the console, the HTTP API and tests may ask of or do to the queue.
/// Every answer comes from the live index, never a copy that can drift.</summary>
public interface IQueueControl
{
    /// <summary>Depth in total, per state and per destination, with the oldest message's age; O(destinations).</summary>
    QueueCounts GetCounts();

    /// <summary>One page of the messages that have at least one recipient matching <paramref name="selection"/>, oldest first.</summary>
    QueuePage Search(QueueSelection selection, int skip = 0, int take = 50);

    /// <summary>As <see cref="Search"/>, off the caller's thread, for the console and the API: searches run one
    /// at a time and release the index between slices, so a console full of pages never slows the relay.</summary>
    Task<QueuePage> SearchAsync(QueueSelection selection, int skip = 0, int take = 50, CancellationToken cancellationToken = default);

    /// <summary>A message by its queue id, or null when it is not (or no longer) queued.</summary>
    QueuedMessageView? Find(string queueId);

    /// <summary>The message bytes as spooled, or null when it is not queued.</summary>
    Stream? OpenMessage(string queueId);

    /// <summary>Parks the ready and deferred recipients selected: never attempted, never expired; durable on return.</summary>
    Task<QueueActionResult> HoldAsync(QueueSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Makes the held recipients selected due now; a message whose lifetime ran out while it
    /// was held gets a new lifetime from now (reported), never a bounce. Durable on return.</summary>
    Task<QueueActionResult> ReleaseAsync(QueueSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Removes the selected recipients without delivery or notice; durable on return.</summary>
    Task<QueueActionResult> DeleteAsync(QueueSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Fails the selected recipients now with a notice (RFC 3464) to each sender; durable on return.</summary>
    Task<QueueActionResult> BounceAsync(QueueSelection selection, string reason, CancellationToken cancellationToken = default);

    /// <summary>Makes the selected deferred recipients due now and starts delivering them at once
    /// (sendmail -qR/-qS/-qI, or -qD for a destination); held ones stay held. Progress is live on the run.</summary>
    FlushRun Flush(QueueSelection selection);

    /// <summary>Flushes running now and the last finished ones, newest first.</summary>
    IReadOnlyList<FlushRun> Flushes { get; }

    /// <summary>Queue changes as they happen (accepted, held, released, deleted, flushed).</summary>
    IObservable<QueueChange> Changes { get; }

    /// <summary>Every delivery attempt, one event per recipient.</summary>
    IObservable<DeliveryAttempt> Deliveries { get; }
}
