using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Relay.Smtp;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests;

/// <summary>The real web host (console + relay) on a temporary data directory and a free SMTP port.</summary>
public sealed class GatewayAppFactory(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly TempDir _dir = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Gateway:DataDirectory", _dir.Path);
        builder.UseSetting("Gateway:Smtp:Listen:0", "127.0.0.1:0");
        builder.UseSetting("Gateway:Smtp:Hostname", TestGateway.Hostname);
        builder.UseSetting("Gateway:Spool:MinFreeBytes", "0");
        builder.UseSetting("Gateway:Routes:.", TestGateway.NowhereHop);
        builder.UseSetting("Gateway:Delivery:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    public System.Net.IPEndPoint Smtp => Services.GetRequiredService<SmtpListener>().Endpoints[0];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
