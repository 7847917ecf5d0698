namespace MmsGateway.Relay.Queue;

/// <summary>Events of a feed kept for a subscriber that reads them when it likes (<see cref="EventFeed{T}.Buffer"/>).
/// Disposing it unsubscribes.</summary>
public interface IFeedBuffer<T> : IDisposable
{
    /// <summary>Events waiting.</summary>
    int Count { get; }

    bool TryRead(out T item);
}
