using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Tests.Queue;

public class QueueIndexTests
{
    private static ulong _next = 1000;

    internal static QueuedMessage Message(long receivedAtMs, string sender, params string[] recipients)
    {
        var m = new QueuedMessage(new QueueId(Interlocked.Increment(ref _next) << 16), receivedAtMs, sender, "127.0.0.1", "mmsc", 100);
        m.SetRecipients(recipients.Select(r => (r, r[(r.LastIndexOf('@') + 1)..])).ToList());
        return m;
    }

    [Fact]
    public void Counts_follow_every_add_and_state_change_per_destination_and_state()
    {
        var index = new QueueIndex();
        var a = Message(1000, "s@x", "+1/TYPE=PLMN@mms.mnc002.mcc238.gprs", "+2/TYPE=PLMN@mms.mnc003.mcc238.gprs");
        var b = Message(2000, "s@x", "+3/TYPE=PLMN@mms.mnc002.mcc238.gprs");
        index.Add(a);
        index.Add(b);

        index.SetState(a.Recipients[0], RecipientState.Held);
        index.SetState(b.Recipients[0], RecipientState.Deferred);
        var counts = index.GetCounts();

        Assert.Equal((2, 3, 1, 1, 1), (counts.Messages, counts.Recipients, counts.Ready, counts.Deferred, counts.Held));
        var mnc002 = counts.Destinations.Single(d => d.Domain == "mms.mnc002.mcc238.gprs");
        Assert.Equal((0, 1, 1), (mnc002.Ready, mnc002.Deferred, mnc002.Held));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1000), counts.Oldest);
    }

    [Fact]
    public void A_message_leaves_the_index_when_its_last_recipient_is_final()
    {
        var index = new QueueIndex();
        var m = Message(1000, "s@x", "a@one.example", "b@two.example");
        index.Add(m);

        var goneAfterFirst = index.SetState(m.Recipients[0], RecipientState.Delivered);
        var goneAfterSecond = index.SetState(m.Recipients[1], RecipientState.Bounced);

        Assert.False(goneAfterFirst);
        Assert.True(goneAfterSecond);
        var counts = index.GetCounts();
        Assert.Equal((0, 0, null), (counts.Messages, counts.Recipients, counts.Oldest));
        Assert.Empty(counts.Destinations);
    }

    [Fact]
    public void The_oldest_age_moves_on_when_the_oldest_message_leaves()
    {
        var index = new QueueIndex();
        var old = Message(1000, "s@x", "a@one.example");
        var young = Message(5000, "s@x", "b@one.example");
        index.Add(old);
        index.Add(young);

        index.SetState(old.Recipients[0], RecipientState.Delivered);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(5000), index.GetCounts().Oldest);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(5000), index.GetCounts("ONE.example")!.Oldest);
    }

    [Fact]
    public void Recovered_messages_are_indexed_in_arrival_order_whatever_order_they_come_in()
    {
        var index = new QueueIndex();
        var first = Message(1000, "s@x", "a@one.example");
        var second = Message(2000, "s@x", "b@one.example");

        index.AddRecovered([second, first]);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1000), index.GetCounts().Oldest);
    }

    [Fact]
    public void Recovered_deferred_recipients_give_their_destination_its_last_error_and_next_retry_back()
    {
        var index = new QueueIndex();
        var older = Message(1000, "s@x", "a@one.example");
        var newer = Message(2000, "s@x", "b@one.example");
        older.Recipients[0].Restore(new RecipientSnapshot((byte)RecipientState.Deferred, 2, 50_000, "Deferred: first"));
        newer.Recipients[0].Restore(new RecipientSnapshot((byte)RecipientState.Deferred, 1, 90_000, "Deferred: Connection refused by [127.0.0.1]:2602"));

        index.AddRecovered([newer, older]);

        var one = index.GetCounts("one.example")!;
        Assert.Equal("Deferred: Connection refused by [127.0.0.1]:2602", one.LastError);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(90_000), one.NextRetry);
    }

    [Fact]
    public void A_final_state_is_never_left()
    {
        var index = new QueueIndex();
        var m = Message(1000, "s@x", "a@one.example", "b@one.example");
        index.Add(m);
        index.SetState(m.Recipients[0], RecipientState.Deleted);

        index.SetState(m.Recipients[0], RecipientState.Ready);

        Assert.Equal(RecipientState.Deleted, m.Recipients[0].State);
        Assert.Equal(1, index.GetCounts().Recipients);
    }
}
