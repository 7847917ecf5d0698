using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Policy;
using MmsGateway.Testing;

namespace MmsGateway.Registry.Tests;

/// <summary>A registry on a real SQLite file or a real PostgreSQL database (a throwaway cluster), publishing into
/// live relay rules, as the gateway runs it.</summary>
public sealed class RegistryHarness : IDisposable
{
    private readonly TempDir? _dir;
    private readonly string? _database;

    private RegistryHarness(RegistryProvider provider, string connection, TempDir? dir, TempDir files, string? database)
    {
        _dir = dir;
        _database = database;
        Provider = provider;
        Connection = connection;
        Files = files.Path;
        Factory = new PooledDbContextFactory<RegistryDbContext>(new DbContextOptionsBuilder<RegistryDbContext>()
            .UseRegistry(provider, connection).Options);
        // Host names resolve without DNS in tests: "our-mmsc.intra.example.com" is 10.1.0.7.
        Rules = new LiveRules(new RulesSource([], RulesOptions.DefaultRelayClients, [], []),
            name => name switch
            {
                "localhost" => [IPAddress.Loopback],
                "our-mmsc.intra.example.com" => [IPAddress.Parse("10.1.0.7")],
                _ => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound),
            });
        Publisher = new RegistryPublisher(Factory, Rules, Clock, NullLogger<RegistryPublisher>.Instance);
        Store = new RegistryStore(Factory, Publisher, Clock);
    }

    public RegistryProvider Provider { get; }

    public string Connection { get; }

    /// <summary>A directory for the test's own files (certificates, imports).</summary>
    public string Files { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public IDbContextFactory<RegistryDbContext> Factory { get; }

    public LiveRules Rules { get; }

    public RegistryPublisher Publisher { get; }

    public RegistryStore Store { get; }

    public static async Task<RegistryHarness> StartAsync(RegistryProvider provider = RegistryProvider.Sqlite)
    {
        var dir = new TempDir();
        var database = provider == RegistryProvider.Postgres ? PostgresCluster.Shared.CreateDatabase() : null;
        var connection = database ?? $"Data Source={Path.Combine(dir.Path, "registry.db")};Pooling=False";
        var h = new RegistryHarness(provider, connection, dir, dir, database);
        await RegistrySync.PrepareAsync(h.Factory, CancellationToken.None);
        await h.Publisher.ReloadAsync();
        return h;
    }

    /// <summary>A second process on the same database: the command line, or another gateway.</summary>
    public async Task<RegistryHarness> OpenAnotherAsync()
    {
        var h = new RegistryHarness(Provider, Connection, null, _dir!, null);
        await h.Publisher.ReloadAsync();
        return h;
    }

    public void Dispose()
    {
        if (_database is not null) PostgresCluster.Shared.DropDatabase(_database);
        _dir?.Dispose();
    }
}
