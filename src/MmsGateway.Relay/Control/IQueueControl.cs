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

    /// <summary>A message by its queue id, or null when it is not (or no longer) queued.</summary>
    QueuedMessageView? Find(string queueId);

    /// <summary>The message bytes as spooled, or null when it is not queued.</summary>
    Stream? OpenMessage(string queueId);

    /// <summary>Parks the ready and deferred recipients selected; durable on return. Returns how many.</summary>
    Task<int> HoldAsync(QueueSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Makes the held recipients selected ready now; durable on return. Returns how many.</summary>
    Task<int> ReleaseAsync(QueueSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Removes the selected recipients without delivery or bounce; durable on return. Returns how many.</summary>
    Task<int> DeleteAsync(QueueSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Queue changes as they happen (accepted, held, released, deleted).</summary>
    IObservable<QueueChange> Changes { get; }
}
