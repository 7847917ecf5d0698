using Microsoft.Extensions.Configuration;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Health;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.MailLog;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Smtp;
using MmsGateway.Relay.Spool;
using MmsGateway.Relay.Telemetry;

namespace MmsGateway.Relay.Hosting;

public static class RelayServiceCollectionExtensions
{
    /// <summary>Composes the relay exactly as production runs it; integration tests call the same method.
    /// Binds Gateway (Routes, LocalDomains, RelayClients, Access), Gateway:Smtp, :Spool, :Delivery, :Capture, :Health, :MailLog, :Mm4 and :Ledger, validated at start-up.
    /// The MM4 ledger is fed only when an <see cref="ILedgerStore"/> is registered before this call (AddRegistry does).</summary>
    public static IServiceCollection AddRelay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection("Gateway")).ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection("Gateway:Smtp"))
            .PostConfigure(o => { if (o.Listen.Length == 0) o.Listen = [SmtpOptions.DefaultListen]; })
            .ValidateOnStart();
        services.AddOptions<SpoolOptions>().Bind(configuration.GetSection("Gateway:Spool")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>();
        services.AddSingleton<IValidateOptions<SmtpOptions>, RelayOptionsValidator>();
        services.AddSingleton<IValidateOptions<SpoolOptions>, RelayOptionsValidator>();
        services.AddOptions<RulesOptions>().Bind(configuration.GetSection("Gateway")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RulesOptions>, RelayOptionsValidator>();
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection("Gateway:Delivery")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, RelayOptionsValidator>();
        services.AddOptions<CaptureOptions>().Bind(configuration.GetSection("Gateway:Capture")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CaptureOptions>, RelayOptionsValidator>();
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection("Gateway:Health")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthOptions>, RelayOptionsValidator>();
        services.AddOptions<MailLogOptions>().Bind(configuration.GetSection("Gateway:MailLog")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailLogOptions>, RelayOptionsValidator>();
        services.AddOptions<Mm4Options>().Bind(configuration.GetSection("Gateway:Mm4"));
        services.AddOptions<LedgerOptions>().Bind(configuration.GetSection("Gateway:Ledger")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LedgerOptions>, RelayOptionsValidator>();
        if (services.Any(d => d.ServiceType == typeof(ILedgerStore)))
            services.AddSingleton(sp => new LedgerWriter(
                sp.GetRequiredService<IOptions<LedgerOptions>>().Value,
                sp.GetRequiredService<IOptions<Mm4Options>>().Value,
                sp.GetRequiredService<ILedgerStore>(),
                sp.GetRequiredService<LiveRules>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<LedgerWriter>>()));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<QueueIndex>();
        services.AddSingleton<QueueChangeFeed>();
        services.AddSingleton<DeliveryFeed>();
        services.AddSingleton<AcceptFeed>();
        services.AddSingleton(sp => new HealthMonitor(
            sp.GetRequiredService<LiveRules>(),
            sp.GetRequiredService<IOptions<HealthOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MailLogWriter(
            sp.GetRequiredService<IOptions<MailLogOptions>>().Value,
            MailLogDirectory(sp),
            sp.GetRequiredService<IOptions<SmtpOptions>>().Value.Hostname,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MailLogWriter>>()));
        services.AddSingleton(sp => new MailLogReader(MailLogDirectory(sp)));
        services.AddSingleton(sp => new LiveRules(sp.GetRequiredService<IOptions<RulesOptions>>().Value.ToSource(out _)));
        services.AddSingleton<DestinationSwitch>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value);
        services.AddSingleton(sp => new TrafficCapture(
            Path.Combine(Path.GetFullPath(sp.GetRequiredService<IOptions<RelayOptions>>().Value.DataDirectory), "captures"),
            sp.GetRequiredService<IOptions<CaptureOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICaptureControl>(sp => sp.GetRequiredService<TrafficCapture>());
        services.AddSingleton(sp => new BounceWriter(
            sp.GetRequiredService<QueueIntake>(),
            sp.GetRequiredService<MessageSpool>(),
            sp.GetRequiredService<IOptions<SmtpOptions>>().Value.Hostname));
        services.AddSingleton(sp => new DeliveryScheduler(
            sp.GetRequiredService<QueueIndex>(),
            sp.GetRequiredService<MessageSpool>(),
            sp.GetRequiredService<LiveRules>(),
            sp.GetRequiredService<DeliveryFeed>(),
            sp.GetRequiredService<BounceWriter>(),
            sp.GetRequiredService<DeliveryOptions>(),
            sp.GetRequiredService<IOptions<SmtpOptions>>().Value.Hostname,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DeliveryScheduler>>(),
            sp.GetRequiredService<TrafficCapture>().ForDestination));
        services.AddSingleton<QueueIdGenerator>();
        services.AddSingleton(sp => MessageSpool.Open(
            sp.GetRequiredService<IOptions<RelayOptions>>().Value.SpoolDirectory,
            sp.GetRequiredService<IOptions<SpoolOptions>>().Value,
            sp.GetRequiredService<ILogger<MessageSpool>>()));
        services.AddSingleton<QueueIntake>();
        services.AddSingleton<IQueueControl, QueueControl>();
        services.AddSingleton<SmtpCounters>();
        services.AddSingleton(sp => new SmtpListener(
            sp.GetRequiredService<IOptions<SmtpOptions>>().Value,
            sp.GetRequiredService<QueueIntake>(),
            sp.GetRequiredService<LiveRules>(),
            sp.GetRequiredService<TrafficCapture>(),
            sp.GetRequiredService<ILogger<SmtpListener>>(),
            sp.GetRequiredService<SmtpCounters>(),
            sp.GetRequiredService<AcceptFeed>(),
            sp.GetRequiredService<IOptions<Mm4Options>>().Value));
        services.AddHostedService<RelayService>();
        // A site's composition registers its own labels (node="NAME") before or after this call.
        services.TryAddSingleton(MetricLabels.None);
        services.AddSingleton(sp => new RelayMetrics(
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<MetricLabels>(),
            sp.GetRequiredService<LiveRules>(),
            sp.GetRequiredService<QueueChangeFeed>(),
            sp.GetRequiredService<DeliveryFeed>(),
            sp.GetRequiredService<SmtpListener>(),
            sp.GetRequiredService<MailLogWriter>(),
            sp.GetService<LedgerWriter>(),
            sp.GetRequiredService<MessageSpool>()));
        services.AddHostedService(sp => sp.GetRequiredService<RelayMetrics>());
        return services;
    }

    private static string MailLogDirectory(IServiceProvider sp)
    {
        var configured = sp.GetRequiredService<IOptions<MailLogOptions>>().Value.Directory;
        return configured.Length > 0
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetFullPath(sp.GetRequiredService<IOptions<RelayOptions>>().Value.DataDirectory), "log");
    }
}
