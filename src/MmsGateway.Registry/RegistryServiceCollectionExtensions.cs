using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;

namespace MmsGateway.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>The registry in <c>ConnectionStrings:Registry</c>, by default a SQLite file
    /// <c>registry.db</c> in Gateway:DataDirectory. Call before AddRelay: its start-up (migrations,
    /// first rules) must come before the relay listens.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = ConnectionString(configuration);
        services.AddDbContextFactory<RegistryDbContext>(o => o.UseSqlite(connection));
        services.AddSingleton<RegistryPublisher>();
        services.AddSingleton<RegistryStore>();
        services.AddOptions<AccountOptions>().BindConfiguration("Console:Accounts");
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AuditLog>();
        services.AddHostedService<RegistrySync>();
        return services;
    }

    public static string ConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Registry");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var dir = Path.GetFullPath(configuration["Gateway:DataDirectory"] ?? "data");
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "registry.db")}";
    }
}
