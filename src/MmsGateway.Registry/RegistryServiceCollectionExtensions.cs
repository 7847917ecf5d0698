using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Ledger;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Nodes;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.Ledger;

namespace MmsGateway.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>The registry on <c>Registry:Provider</c> (Sqlite or Postgres) at <c>ConnectionStrings:Registry</c>, by
    /// default a SQLite file <c>registry.db</c> in Gateway:DataDirectory. Call before AddRelay: its start-up
    /// (migrations, first rules) must come before the relay listens.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = RegistryProviders.From(configuration);
        var connection = ConnectionString(configuration);
        services.AddDbContextFactory<RegistryDbContext>(o => o.UseRegistry(provider, connection));
        services.AddSingleton<RegistryPublisher>();
        services.AddSingleton<RegistryStore>();
        services.AddOptions<AccountOptions>().BindConfiguration("Console:Accounts");
        services.AddSingleton<AccountStore>();
        services.AddSingleton(NodeIdentity.From(configuration));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<NodeDirectory>();
        services.AddSingleton<NodeHeartbeat>();
        var ledger = LedgerConnectionString(configuration);
        // Pooled: the writer makes a context for every batch, four a second.
        services.AddPooledDbContextFactory<LedgerDbContext>(o => o.UseLedger(provider, ledger).AddInterceptors(new LedgerConnectionSettings()));
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<ILedgerStore>(sp => sp.GetRequiredService<LedgerStore>());
        services.AddSingleton<LedgerQueries>();
        services.AddHostedService<RegistrySync>();
        if (provider == RegistryProvider.Postgres)
        {
            // A node list is for a site of several gateways; an embedded registry has one (NodeDirectory lists it).
            services.AddHostedService(sp => sp.GetRequiredService<NodeHeartbeat>());
            services.AddSingleton(sp => new RegistryListener(connection, sp.GetRequiredService<RegistryPublisher>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RegistryListener>>()));
            services.AddHostedService(sp => sp.GetRequiredService<RegistryListener>());
        }
        return services;
    }

    public static string ConnectionString(IConfiguration configuration) => Connection(configuration, "Registry", "registry.db");

    /// <summary>The MM4 ledger: <c>ConnectionStrings:Ledger</c>, by default <c>ledger.db</c> beside the registry's SQLite file,
    /// or on PostgreSQL the registry's own database (a RES through one gateway must find the REQ that left through another).</summary>
    public static string LedgerConnectionString(IConfiguration configuration) =>
        RegistryProviders.From(configuration) == RegistryProvider.Postgres && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Ledger"))
            ? ConnectionString(configuration)
            : Connection(configuration, "Ledger", "ledger.db");

    private static string Connection(IConfiguration configuration, string name, string file)
    {
        var configured = configuration.GetConnectionString(name);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (RegistryProviders.From(configuration) == RegistryProvider.Postgres)
            throw new InvalidOperationException($"Registry:Provider is Postgres but ConnectionStrings:{name} is not set "
                + "(e.g. Host=db.example.net;Database=mmsgw;Username=mmsgw;Password=...)");
        var dir = Path.GetFullPath(configuration["Gateway:DataDirectory"] ?? "data");
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, file)}";
    }
}
