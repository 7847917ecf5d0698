using System.Threading.Channels;

namespace MmsGateway.Relay.Queue;

/// <summary>Fans events out to subscribers. Each subscriber has its own bounded buffer drained
/// by its own task, so a slow console tab can never slow down an SMTP session; when a buffer is full
/// its oldest events are dropped (counts can always be read again).</summary>
public class EventFeed<T> : IObservable<T>
{
    private const int BufferPerSubscriber = 10_000;
    private readonly Lock _gate = new();
    private Subscription[] _subscribers = [];

    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    public void Publish(T change)
    {
        foreach (var s in Volatile.Read(ref _subscribers)) s.Channel.Writer.TryWrite(change);
    }

    public IDisposable Subscribe(IObserver<T> observer) => Subscribe(observer, BufferPerSubscriber);

    /// <summary>As <see cref="Subscribe(IObserver{T})"/> with a buffer of <paramref name="buffer"/> events
    /// (the mail log rides out a disk stall of a few seconds at full rate without a gap), and
    /// <paramref name="dropped"/> called for each event the full buffer pushed out, so a gap is counted, never silent.</summary>
    public IDisposable Subscribe(IObserver<T> observer, int buffer, Action? dropped = null) => Add(new Subscription(this, observer, buffer, dropped));

    /// <summary>A buffer of <paramref name="capacity"/> events that the subscriber drains itself, on its own schedule:
    /// no task is woken per event (on a small VM each wake-up is a context switch the accept path pays for), for a
    /// consumer that works in batches anyway (the MM4 ledger). Full, it drops its oldest and calls <paramref name="dropped"/>.</summary>
    public IFeedBuffer<T> Buffer(int capacity, Action? dropped = null) => Add(new Subscription(this, null, capacity, dropped));

    private Subscription Add(Subscription s)
    {
        lock (_gate) _subscribers = [.. _subscribers, s];
        return s;
    }

    private void Remove(Subscription s)
    {
        lock (_gate) _subscribers = _subscribers.Where(x => x != s).ToArray();
    }

    private sealed class Subscription : IFeedBuffer<T>
    {
        private readonly EventFeed<T> _feed;

        public Subscription(EventFeed<T> feed, IObserver<T>? observer, int buffer, Action? dropped = null)
        {
            _feed = feed;
            Channel = System.Threading.Channels.Channel.CreateBounded<T>(new BoundedChannelOptions(buffer)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            }, dropped is null ? null : _ => dropped());
            if (observer is not null) _ = PumpAsync(observer);
        }

        public Channel<T> Channel { get; }

        public int Count => Channel.Reader.Count;

        public bool TryRead(out T item) => Channel.Reader.TryRead(out item!);

        private async Task PumpAsync(IObserver<T> observer)
        {
            await foreach (var change in Channel.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try { observer.OnNext(change); }
                catch (Exception e)
                {
                    // The subscriber's own fault ends its subscription only.
                    observer.OnError(e);
                    Dispose();
                    return;
                }
            }
            observer.OnCompleted();
        }

        public void Dispose()
        {
            _feed.Remove(this);
            Channel.Writer.TryComplete();
        }
    }
}
