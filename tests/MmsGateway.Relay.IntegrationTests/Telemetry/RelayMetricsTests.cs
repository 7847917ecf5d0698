using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Relay.Telemetry;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Telemetry;

/// <summary>The relay's own meter, without the console: what dotnet-counters or any MeterListener reads.</summary>
public sealed class RelayMetricsTests
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";

    [Fact]
    public async Task A_listener_on_the_MmsGateway_meter_sees_sessions_acceptances_attempts_and_latency_per_operator()
    {
        using var dir = new TempDir();
        await using var sink = SmtpSink.Start();
        await using var gw = await TestGateway.StartAsync(dir.Path, new Dictionary<string, string?> { [$"Gateway:Routes:{Mnc002}"] = sink.Hop });
        var own = gw.Services.GetRequiredService<IMeterFactory>();
        var seen = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == RelayMetrics.MeterName && ReferenceEquals(i.Meter.Scope, own)) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Enqueue((i.Name, v, Tags(tags))));
        listener.Start();

        await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());
        await Eventually.True(() => seen.Any(m => m.Name == "mm4_delivery_latency_seconds"), TimeSpan.FromSeconds(15), "the delivery's latency is recorded");
        listener.RecordObservableInstruments();

        var route = Mnc002;   // a configured route, not a registry operator: the route key is the operator label
        Assert.Contains(seen, m => m is { Name: "mm4_accepted_messages_total", Value: 1 } && (string?)m.Tags["operator"] == route);
        Assert.Contains(seen, m => m is { Name: "mm4_delivery_attempts_total", Value: 1 } && (string?)m.Tags["outcome"] == "delivered");
        Assert.Contains(seen, m => m is { Name: "mm4_smtp_sessions_total", Value: >= 1 });
        Assert.All(seen, m => Assert.False(m.Tags.ContainsKey("node"), "a single gateway's series carry no node label"));
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var t in tags) d[t.Key] = t.Value;
        return d;
    }
}
