using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Tests.Queue;

/// <summary>A console search walks the queue in slices, releasing the lock between them: whatever
/// leaves the queue meanwhile, the walk goes on from the right place, never yields a removed recipient
/// and never yields one twice.</summary>
public sealed class QueueCursorTests
{
    private const string Two = "mms.mnc002.mcc238.gprs", Three = "mms.mnc003.mcc238.gprs";

    private static (QueueIndex, List<QueuedMessage>) Queue(int n)
    {
        var index = new QueueIndex();
        var all = new List<QueuedMessage>();
        for (var i = 0; i < n; i++)
        {
            var m = QueueIndexTests.Message(1000 + i, "s@x", $"+{i}/TYPE=PLMN@{(i % 2 == 0 ? Two : Three)}", $"+{i}b/TYPE=PLMN@{Two}");
            index.Add(m);
            all.Add(m);
        }
        return (index, all);
    }

    private static List<QueuedRecipient> Step(QueueIndex index, QueueCursor cursor, int count)
    {
        var got = new List<QueuedRecipient>();
        lock (index.Gate)
            while (got.Count < count && cursor.TryNext(out var r)) got.Add(r);
        return got;
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Two)]
    public void Removals_between_steps_including_the_node_the_cursor_stands_on_are_stepped_over(string? domain)
    {
        var (index, all) = Queue(20);
        QueueCursor cursor;
        lock (index.Gate) cursor = index.OpenCursorLocked(domain);
        using var _ = cursor;
        var first = Step(index, cursor, 5);

        // Between two steps: the message being walked (or next), and a later one, are delivered whole.
        foreach (var m in new[] { first[^1].Message, all[all.IndexOf(first[^1].Message) + 1], all[15] })
            foreach (var r in m.Recipients) index.SetState(r, RecipientState.Delivered);
        var rest = Step(index, cursor, 1000);

        var seen = first.Concat(rest).ToList();
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.DoesNotContain(rest, r => r.State.IsFinal());
        var live = all.SelectMany(m => m.Recipients).Where(r => (domain is null || r.Domain == domain) && !r.State.IsFinal());
        Assert.Equal(first.Concat(live).ToHashSet(), seen.ToHashSet());
        Assert.Equal(seen.OrderBy(r => r.Message.ReceivedAtMs).ToList(), seen);   // arrival order throughout
    }
}
