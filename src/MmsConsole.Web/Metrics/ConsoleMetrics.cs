using System.Diagnostics.Metrics;
using MmsConsole.Web.Live;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Telemetry;

namespace MmsConsole.Web.Metrics;

/// <summary>The gauges drawn from what the console knows beside the relay: the queue per operator with its
/// status and measured health (the dashboard's own snapshot, O(destinations) per collection), and the
/// registry revision in force. Same meter as the relay's instruments. A hosted service only to be made while the
/// host starts (where a bad setting is reported as such), so its gauges exist from the first scrape.</summary>
public sealed class ConsoleMetrics : IHostedService
{
    public ConsoleMetrics(IMeterFactory meters, MetricLabels labels, GatewayStats stats, RegistryPublisher publisher)
    {
        var meter = meters.Create(RelayMetrics.MeterName);
        Measurement<long> One(long value) => new(value, labels.Of());
        IEnumerable<Measurement<T>> PerOperator<T>(Func<GatewaySnapshot, OperatorState, IEnumerable<(T Value, (string, object?)[] Labels)>> read) where T : struct
        {
            var s = stats.Peek();
            return s.Operators.SelectMany(o => read(s, o).Select(m => new Measurement<T>(m.Value, labels.Of([("operator", o.Name), .. m.Labels]))));
        }

        meter.CreateObservableGauge("mm4_registry_revision_in_force", () => One(publisher.Revision), null, "The registry revision the relay's rules were built from.");
        meter.CreateObservableGauge("mm4_registry_publish_failing", () => One(publisher.Failure is null ? 0 : 1),
            null, "1 while the registry's latest revision cannot be put in force (the relay keeps the last good rules).");
        meter.CreateObservableGauge("mm4_queue_messages", () => One(stats.Peek().Messages), null, "Messages in the queue.");
        meter.CreateObservableGauge("mm4_queue_recipients", () => PerOperator<long>((_, o) =>
            [(o.Ready, [("state", "ready")]), (o.Deferred, [("state", "deferred")]), (o.Held, [("state", "held")])]),
            null, "Recipients queued, by operator and state (ready, deferred, held).");
        meter.CreateObservableGauge("mm4_queue_oldest_seconds", () => PerOperator<double>((s, o) =>
            [(o.Oldest is { } t ? Math.Max(0, (s.At - t).TotalSeconds) : 0, [])]), "s", "Age of the oldest queued message, by operator (0 when none).");
        meter.CreateObservableGauge("mm4_operator_status", () => PerOperator<long>((_, o) => [(1, [("status", o.Status.ToString())])]),
            null, "1 for the status an operator is in (Active, Holding, RejectingTemporarily, RejectingPermanently).");
        meter.CreateObservableGauge("mm4_operator_health", () => PerOperator<long>((_, o) => [(1, [("health", o.Health.State.ToString())])]),
            null, "1 for an operator's measured health (Idle, Delivering, Degraded, Unreachable), beside its status.");
        meter.CreateObservableGauge("mm4_operator_last_success_timestamp_seconds", () => PerOperator<long>((_, o) =>
            [(o.Health.Facts.LastSuccess?.ToUnixTimeSeconds() ?? 0, [])]), "s", "Unix time of the last delivery to an operator (0: none in memory).");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
