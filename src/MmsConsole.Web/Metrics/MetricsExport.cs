using System.Diagnostics.Metrics;
using MmsGateway.Registry.Nodes;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MmsConsole.Web.Metrics;

/// <summary>GET /metrics: the MmsGateway meter (relay and console instruments) in the Prometheus text format,
/// through OpenTelemetry's exporter; needs a signed-in user or token (Viewer is enough), as every machine path.
/// Gateway:Telemetry:OtlpEndpoint, when set, also pushes them to an OpenTelemetry collector.</summary>
/// <remarks>docs/metrics.md says why OpenTelemetry and not prometheus-net.</remarks>
internal static class MetricsExport
{
    public static IServiceCollection AddConsoleMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp =>
        {
            var nodes = sp.GetRequiredService<NodeDirectory>();
            return new MetricLabels(sp.GetRequiredService<NodeIdentity>().Name, () => nodes.IsSite);
        });
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection("Gateway:Telemetry")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<ConsoleMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleMetrics>());
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("mmsgw", serviceInstanceId: NodeIdentity.From(configuration).Name))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RelayMetrics.MeterName)
                    // Scraped as it is now: a cached answer would show the NOC a queue up to a scrape interval old.
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                // Only this host's own meter: tests run several gateways in one process, and the exporter would
                // otherwise add up every meter of that name.
                ((IDeferredMeterProviderBuilder)metrics).Configure((sp, builder) =>
                {
                    var own = sp.GetRequiredService<IMeterFactory>();
                    builder.AddView(i => ReferenceEquals(i.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
                    // Read when the provider is built (host start), where a bad value stops start-up with its key.
                    var telemetry = sp.GetRequiredService<IOptions<TelemetryOptions>>().Value;
                    if (telemetry.OtlpEndpoint.Length > 0)
                        builder.AddReader(new PeriodicExportingMetricReader(new OtlpMetricExporter(new OtlpExporterOptions
                        {
                            Endpoint = new Uri(telemetry.OtlpEndpoint),
                            Protocol = telemetry.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
                        }), (int)telemetry.OtlpInterval.TotalMilliseconds));
                });
            });
        return services;
    }

    public static void MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics")
            .WithTags("Operations").WithSummary("Prometheus metrics: queue depth and age per operator, traffic counters, SMTP sessions, delivery latency");
    }
}
