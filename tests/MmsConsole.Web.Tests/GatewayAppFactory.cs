using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Smtp;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests;

/// <summary>The real web host (console + relay) on a temporary data directory and a free SMTP port.
/// <see cref="WebApplicationFactory{T}.CreateClient()"/> acts as an Admin's API token named
/// "noc-anna"; <see cref="AnonymousClient"/> and <see cref="ClientAs"/> for the rest.</summary>
public sealed class GatewayAppFactory(IReadOnlyDictionary<string, string>? settings = null, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    private readonly TempDir _dir = new();
    private string? _adminToken;
    private int _tokens;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Gateway:DataDirectory", _dir.Path);
        builder.UseSetting("Gateway:Smtp:Listen:0", "127.0.0.1:0");
        builder.UseSetting("Gateway:Smtp:Hostname", TestGateway.Hostname);
        builder.UseSetting("Gateway:Spool:MinFreeBytes", "0");
        builder.UseSetting("Gateway:Routes:.", TestGateway.NowhereHop);
        builder.UseSetting("Gateway:Delivery:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        configure?.Invoke(builder);
    }

    /// <summary>The secret of the Admin token that CreateClient() sends.</summary>
    public string AdminToken => _adminToken ??= TokenFor(ConsoleRole.Admin, "noc-anna");

    /// <summary>A new API token with <paramref name="role"/>, made directly in the registry database.</summary>
    public string TokenFor(ConsoleRole role, string? name = null)
    {
        var accounts = Services.GetRequiredService<AccountStore>();
        var result = accounts.CreateTokenAsync(name ?? $"{role}-{Interlocked.Increment(ref _tokens)}", role, "test").GetAwaiter().GetResult();
        return result.Value!.Secret;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
    }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient AnonymousClient()
    {
        var client = Server.CreateClient();
        client.BaseAddress = new Uri("http://localhost");
        return client;
    }

    public HttpClient ClientAs(ConsoleRole role)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TokenFor(role));
        return client;
    }

    public System.Net.IPEndPoint Smtp => Services.GetRequiredService<SmtpListener>().Endpoints[0];

    public override async ValueTask DisposeAsync()
    {
        // The data directory goes even when the host's stop throws (a test's own hosted service failing in it).
        try { await base.DisposeAsync(); }
        finally { _dir.Dispose(); }
    }
}
