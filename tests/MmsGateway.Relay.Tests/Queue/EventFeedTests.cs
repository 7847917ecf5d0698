using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Tests.Queue;

public sealed class EventFeedTests
{
    [Fact]
    public void A_full_subscriber_buffer_drops_its_oldest_events_and_counts_each_one()
    {
        var feed = new EventFeed<int>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var seen = new List<int>();
        var dropped = 0;
        using var subscription = feed.Subscribe(new FeedObserver<int>(n =>
        {
            entered.Set();
            release.Wait();
            lock (seen) seen.Add(n);
        }), buffer: 2, dropped: () => Interlocked.Increment(ref dropped));

        feed.Publish(0);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(5)), "the subscriber takes the first event");
        for (var i = 1; i < 10; i++) feed.Publish(i);   // 0 is in the subscriber's hands; 9 more into a buffer of 2
        release.Set();

        Assert.Equal(7, Volatile.Read(ref dropped));
        SpinWait.SpinUntil(() => { lock (seen) return seen.Count == 3; }, TimeSpan.FromSeconds(5));
        lock (seen) Assert.Equal([0, 8, 9], seen);
    }

    [Fact]
    public void A_buffer_keeps_events_for_its_reader_in_order_drops_the_oldest_past_its_capacity_and_stops_when_disposed()
    {
        var feed = new EventFeed<int>();
        var dropped = 0;
        var buffer = feed.Buffer(3, () => dropped++);

        for (var i = 0; i < 5; i++) feed.Publish(i);
        var read = new List<int>();
        while (buffer.TryRead(out var n)) read.Add(n);
        buffer.Dispose();
        feed.Publish(5);

        Assert.Equal([2, 3, 4], read);
        Assert.Equal(2, dropped);
        Assert.False(feed.HasSubscribers);
        Assert.Equal(0, buffer.Count);
    }
}
