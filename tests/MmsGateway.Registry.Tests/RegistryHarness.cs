using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Policy;
using MmsGateway.Testing;

namespace MmsGateway.Registry.Tests;

/// <summary>A registry on a real SQLite file, publishing into live relay rules, as the gateway runs it.</summary>
public sealed class RegistryHarness : IDisposable
{
    private readonly TempDir? _dir;

    private RegistryHarness(string file, TempDir? dir)
    {
        _dir = dir;
        File = file;
        Factory = new PooledDbContextFactory<RegistryDbContext>(new DbContextOptionsBuilder<RegistryDbContext>()
            .UseSqlite($"Data Source={file};Pooling=False").Options);
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

    public string File { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public IDbContextFactory<RegistryDbContext> Factory { get; }

    public LiveRules Rules { get; }

    public RegistryPublisher Publisher { get; }

    public RegistryStore Store { get; }

    public static async Task<RegistryHarness> StartAsync()
    {
        var dir = new TempDir();
        var h = new RegistryHarness(Path.Combine(dir.Path, "registry.db"), dir);
        await RegistrySync.PrepareAsync(h.Factory, CancellationToken.None);
        await h.Publisher.ReloadAsync();
        return h;
    }

    /// <summary>A second process on the same file: the command line, or another gateway.</summary>
    public async Task<RegistryHarness> OpenAnotherAsync()
    {
        var h = new RegistryHarness(File, null);
        await h.Publisher.ReloadAsync();
        return h;
    }

    public void Dispose() => _dir?.Dispose();
}
