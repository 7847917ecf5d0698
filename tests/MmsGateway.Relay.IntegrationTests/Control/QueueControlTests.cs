using MmsGateway.Relay.Control;
using MmsGateway.Relay.Queue;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Control;

public sealed class QueueControlTests : IAsyncLifetime
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs", Mnc003 = "mms.mnc003.mcc238.gprs";
    private readonly TempDir _dir = new();
    private TestGateway _gw = null!;
    private readonly List<string> _ids = [];

    public async Task InitializeAsync()
    {
        _gw = await TestGateway.StartAsync(_dir.Path);
        // Three messages: to mnc002 only, to mnc003 only, and one to both, from two senders.
        _ids.Add(await Send("+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs", $"+4510000001/TYPE=PLMN@{Mnc002}"));
        _ids.Add(await Send("+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs", $"+4510000002/TYPE=PLMN@{Mnc003}"));
        _ids.Add(await Send("+4599999999/TYPE=PLMN@mms.mnc005.mcc238.gprs", $"+4510000003/TYPE=PLMN@{Mnc002}", $"+4510000004/TYPE=PLMN@{Mnc003}"));
    }

    private async Task<string> Send(string from, params string[] to) =>
        (await _gw.SendAsync(from, to, Mm4Samples.ForwardRequest())).Split(' ')[^1];

    public async Task DisposeAsync()
    {
        await _gw.DisposeAsync();
        _dir.Dispose();
    }

    private static QueueSelection Select(params string[] terms)
    {
        Assert.True(QueueSelection.TryParse(terms, out var s, out var error), error);
        return s;
    }

    [Fact]
    public void Counts_are_per_destination_with_a_multi_destination_message_under_each()
    {
        var counts = _gw.Control.GetCounts();

        Assert.Equal((3, 4), (counts.Messages, counts.Recipients));
        Assert.Equal([(Mnc002, 2), (Mnc003, 2)], counts.Destinations.Select(d => (d.Domain, d.Total)));
    }

    [Theory]
    [InlineData("-qR10000001", 1, 1)]
    [InlineData("-q!R10000001", 2, 3)]
    [InlineData("-qS99999999", 1, 2)]
    [InlineData("-q!S99999999", 2, 2)]
    [InlineData("Dmms.mnc003.mcc238.gprs", 2, 2)]
    [InlineData("!Dmms.mnc003.mcc238.gprs", 2, 2)]
    public void Selections_and_their_negations_find_the_right_messages_and_recipients(string term, int messages, int recipients)
    {
        var page = _gw.Control.Search(Select(term));

        Assert.Equal((messages, recipients), (page.TotalMessages, page.TotalRecipients));
    }

    [Fact]
    public void A_queue_id_selection_and_its_negation_split_the_queue()
    {
        var only = _gw.Control.Search(Select("-qI" + _ids[1]));
        var others = _gw.Control.Search(Select("-q!I" + _ids[1]));

        Assert.Equal([_ids[1]], only.Items.Select(m => m.QueueId));
        Assert.Equal([_ids[0], _ids[2]], others.Items.Select(m => m.QueueId));
    }

    [Fact]
    public void Search_pages_oldest_first_and_marks_which_recipients_matched()
    {
        var page = _gw.Control.Search(QueueSelection.All, skip: 1, take: 1);
        var byDest = _gw.Control.Search(Select("D" + Mnc003));

        Assert.Equal(3, page.TotalMessages);
        Assert.Equal([_ids[1]], page.Items.Select(m => m.QueueId));
        var both = byDest.Items.Single(m => m.QueueId == _ids[2]);
        Assert.Equal([false, true], both.Recipients.Select(r => r.Matched));
    }

    [Fact]
    public async Task Holding_a_destination_parks_only_its_recipients_and_release_makes_them_ready()
    {
        var held = (await _gw.Control.HoldAsync(Select("D" + Mnc003))).Recipients;

        Assert.Equal(2, held);
        var counts = _gw.Control.GetCounts();
        Assert.Equal((2, 2), (counts.Ready, counts.Held));
        Assert.Equal(["ready", "held"], _gw.Control.Find(_ids[2])!.Recipients.Select(r => r.State));

        var released = (await _gw.Control.ReleaseAsync(Select("D" + Mnc003))).Recipients;

        Assert.Equal(2, released);
        Assert.Equal(4, _gw.Control.GetCounts().Ready);
    }

    [Fact]
    public async Task Deleting_by_sender_removes_whole_messages_and_updates_counts()
    {
        var deleted = (await _gw.Control.DeleteAsync(Select("S99999999"))).Recipients;

        Assert.Equal(2, deleted);
        Assert.Null(_gw.Control.Find(_ids[2]));
        Assert.Null(_gw.Control.OpenMessage(_ids[2]));
        Assert.Equal((2, 2), (_gw.Control.GetCounts().Messages, _gw.Control.GetCounts().Recipients));
    }

    [Fact]
    public async Task Changes_are_streamed_to_subscribers_one_event_per_message_and_one_per_bulk_operation()
    {
        var seen = new List<QueueChange>();
        using var sub = _gw.Control.Changes.Subscribe(new Observer(c => { lock (seen) seen.Add(c); }));

        await Send("a@b.example", $"x@{Mnc002}");
        await _gw.Control.HoldAsync(Select("D" + Mnc002));

        await Eventually.True(() => { lock (seen) return seen.Count == 2; }, TimeSpan.FromSeconds(5), "expected a Queued and a Held event");
        Assert.Equal([(QueueChangeKind.Queued, 1), (QueueChangeKind.Held, 3)], seen.Select(c => (c.Kind, c.Count)));
    }

    private sealed class Observer(Action<QueueChange> next) : IObserver<QueueChange>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(QueueChange value) => next(value);
    }
}
