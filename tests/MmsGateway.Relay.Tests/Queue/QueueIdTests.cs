using MmsGateway.Relay.Queue;

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
}
