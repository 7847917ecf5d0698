using MmsGateway.Relay.Control;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Policy;

/// <summary>The NOC's switch on a live relay, published as the registry publishes it: an operator
/// down-holding has its queue parked and new mail parked; brought up, all of it goes out.</summary>
public sealed class DestinationStatusTests : IAsyncLifetime
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly TempDir _dir = new();
    private TestGateway? _gw;

    private void Publish(DestinationStatus status, string hop)
    {
        var route = new Route(Mnc002, [NextHop.TryParse(hop, out var h, out _) ? h : throw new ArgumentException(hop)])
            { Operator = "Operator Two", Status = status };
        _gw!.Rules.Apply(RulesSource.Empty with { Routes = [route] });
    }

    [Fact]
    public async Task Holding_parks_queued_and_new_mail_and_bringing_it_up_delivers_all_of_it()
    {
        await using var sink = SmtpSink.StartDown();
        _gw = await TestGateway.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            [$"Gateway:Routes:{Mnc002}"] = sink.Hop,
            ["Gateway:Delivery:RetryInitial"] = "01:00:00",
            ["Gateway:Delivery:RetryMax"] = "01:00:00",
        });
        await _gw.SendAsync(Mm4Samples.Sender, [$"+4511111111/TYPE=PLMN@{Mnc002}"], Mm4Samples.ForwardRequest("T1"));
        await Eventually.True(() => _gw.Control.GetCounts().Deferred == 1, Within, "first attempt fails: the operator is down");

        Publish(DestinationStatus.Holding, sink.Hop);
        await Eventually.True(() => _gw.Control.GetCounts().Held == 1, Within, "the deferred message is parked by the switch");

        sink.Up();
        await _gw.SendAsync(Mm4Samples.Sender, [$"+4522222222/TYPE=PLMN@{Mnc002}"], Mm4Samples.ForwardRequest("T2"));
        await Eventually.True(() => _gw.Control.GetCounts().Held == 2, Within, "new mail for a holding operator is parked, not attempted");
        // The witness that the new one was parked at its claim rather than tried: the park's own error,
        // and no connection beyond the one refused before the switch.
        var parked = _gw.Control.Search(QueueSelectionOf(Mnc002)).Items.SelectMany(m => m.Recipients).ToList();
        Assert.Contains(parked, r => r.Address.StartsWith("+4522222222") && r.LastError?.Contains("Operator Two is down") == true);
        Assert.True(sink.Refused >= 1, "the first attempt met the operator down");
        Assert.Equal(0, sink.Connections);
        Assert.Empty(sink.Messages);

        Publish(DestinationStatus.Active, sink.Hop);
        await Eventually.True(() => sink.Messages.Count == 2, Within, "bringing the operator up releases and flushes its mail");
        await Eventually.True(() => _gw.Control.GetCounts().Recipients == 0, Within, "the queue empties");
        Assert.Contains(_gw.Control.Flushes, f => f.Selection.ToString() == $"D{Mnc002}");
    }

    private static QueueSelection QueueSelectionOf(string domain) =>
        QueueSelection.Of(new SelectionTerm(SelectionField.Destination, domain));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_gw is not null) await _gw.DisposeAsync();
        _dir.Dispose();
    }
}
