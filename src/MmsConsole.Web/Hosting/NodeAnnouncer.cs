using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MmsGateway.Registry.Nodes;

namespace MmsConsole.Web.Hosting;

/// <summary>Once the web host has bound its address, puts it in this node's heartbeat: <c>Gateway:Node:Api</c> when set
/// (behind a proxy, or a wildcard bind the other nodes cannot dial), else the first address bound, a wildcard host
/// replaced by this host's name.</summary>
public sealed class NodeAnnouncer(IConfiguration configuration, IHostApplicationLifetime lifetime, IServer server, NodeHeartbeat heartbeat)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => heartbeat.Announce(
            configuration["Gateway:Node:Api"] is { Length: > 0 } configured ? configured : Bound(), lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    private string? Bound()
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (first is null || !Uri.TryCreate(first.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"), UriKind.Absolute, out var uri)) return first;
        var wildcard = uri.Host is "0.0.0.0" or "[::]" or "::";
        return wildcard ? new UriBuilder(uri) { Host = Environment.MachineName.ToLowerInvariant() }.Uri.ToString().TrimEnd('/') : first;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
