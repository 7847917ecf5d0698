namespace MmsGateway.Relay.Queue;

/// <summary>An observer from a delegate, for <see cref="EventFeed{T}"/> subscribers (the feeds never fail or complete while the relay runs).</summary>
public sealed class FeedObserver<T>(Action<T> next) : IObserver<T>
{
    public void OnNext(T value) => next(value);

    public void OnError(Exception error) { }

    public void OnCompleted() { }
}
