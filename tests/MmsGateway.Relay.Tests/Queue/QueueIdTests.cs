using MmsGateway.Relay.Queue;
using MmsGateway.Testing;

namespace MmsGateway.Relay.Tests.Queue;

public class QueueIdTests
{
    [Fact]
    public void Ids_print_as_13_characters_and_parse_back()
    {
        var id = new QueueIdGenerator(TimeProvider.System).Next();

        var text = id.ToString();

        Assert.Equal(13, text.Length);
        Assert.True(QueueId.TryParse(text.ToLowerInvariant(), out var back));
        Assert.Equal(id, back);
    }

    [Fact]
    public void Ids_increase_even_when_the_clock_is_behind_an_id_already_seen()
    {
        var generator = new QueueIdGenerator(TimeProvider.System);
        var future = new QueueId(ulong.MaxValue / 2);
        generator.Observe(future);

        var next = generator.Next();

        Assert.True(next.Value > future.Value);
        Assert.True(string.CompareOrdinal(next.ToString(), future.ToString()) > 0);   // text sorts like the value
    }

    [Fact]
    public void Two_nodes_in_the_same_millisecond_never_mint_the_same_id_and_each_id_names_its_node()
    {
        var clock = new ManualClock();
        var gw1 = new QueueIdGenerator(clock) { Node = 1 };
        var gw2 = new QueueIdGenerator(clock) { Node = 2 };

        // 3,000 each in one frozen millisecond: the counter (1,024 a millisecond) runs over into the next ones.
        var ids = Enumerable.Range(0, 3000).SelectMany(_ => new[] { gw1.Next(), gw2.Next() }).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(3000, ids.Count(i => i.Node == 1));
        Assert.Equal(3000, ids.Count(i => i.Node == 2));
        Assert.All(ids.Where(i => i.Node == 1).Zip(ids.Where(i => i.Node == 1).Skip(1)), p => Assert.True(p.Second.Value > p.First.Value));
    }

    [Fact]
    public void After_recovery_the_next_id_is_later_than_any_id_of_any_node_in_the_spool()
    {
        var clock = new ManualClock();
        var other = new QueueIdGenerator(clock) { Node = 5 };
        var seen = Enumerable.Range(0, 10).Select(_ => other.Next()).ToList();
        var ours = new QueueIdGenerator(clock) { Node = 0 };
        foreach (var id in seen) ours.Observe(id);

        Assert.True(ours.Next().Value > seen.Max(i => i.Value));
    }

    [Fact]
    public void A_node_number_outside_the_id_s_six_bits_is_refused()
    {
        var ids = new QueueIdGenerator(TimeProvider.System);
        Assert.Throws<ArgumentOutOfRangeException>(() => ids.Node = QueueIdGenerator.MaxNodes);
        Assert.Throws<ArgumentOutOfRangeException>(() => ids.Node = -1);
    }
}
