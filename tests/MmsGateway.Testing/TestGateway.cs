using System.Net;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Testing;

/// <summary>The relay in-process, composed by AddRelay exactly as the web host does, on a free port
/// and a data directory of the test's choosing (so a restart finds the same spool).</summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string Hostname = "mm4gw.test.invalid";
    public const string ClientName = "mmsc.mnc001.mcc238.gprs";

    /// <summary>A hop nothing listens on (the discard port); the catch-all route of accept-only tests.</summary>
    public const string NowhereHop = "[127.0.0.1]:9";
    private readonly IHost _host;

    private TestGateway(IHost host, string dataDirectory, LogCollector logs)
    {
        _host = host;
        DataDirectory = dataDirectory;
        Logs = logs;
    }

    /// <summary>Warnings and errors the gateway logged.</summary>
    public LogCollector Logs { get; }

    public string DataDirectory { get; }

    public IPEndPoint Endpoint => _host.Services.GetRequiredService<SmtpListener>().Endpoints[0];

    public IQueueControl Control => _host.Services.GetRequiredService<IQueueControl>();

    public IServiceProvider Services => _host.Services;

    public DeliveryScheduler Scheduler => _host.Services.GetRequiredService<DeliveryScheduler>();

    /// <summary>Every delivery attempt from now on, as the console's live log sees them.</summary>
    public DeliveryRecorder RecordDeliveries() => new(_host.Services.GetRequiredService<DeliveryFeed>());

    /// <param name="compose">Services registered before AddRelay (the registry, for the MM4 ledger).</param>
    public static async Task<TestGateway> StartAsync(string dataDirectory, IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Action<IServiceCollection, IConfiguration>? compose = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var logs = new LogCollector();
        builder.Logging.AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = dataDirectory,
            ["Gateway:Smtp:Listen:0"] = "127.0.0.1:0",
            ["Gateway:Smtp:Hostname"] = Hostname,
            ["Gateway:Spool:MinFreeBytes"] = "0",
        });
        // A test that names no routes is about the accept side: every domain is accepted and only
        // queued, so what it sent stays in the queue for it to inspect.
        if (settings is null || !settings.Keys.Any(k => k.StartsWith("Gateway:Routes", StringComparison.OrdinalIgnoreCase)))
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:Routes:."] = NowhereHop,
                ["Gateway:Delivery:Enabled"] = "false",
            });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        compose?.Invoke(builder.Services, builder.Configuration);
        builder.Services.AddRelay(builder.Configuration);
        if (clock is not null) builder.Services.AddSingleton(clock);
        var host = builder.Build();
        await host.StartAsync();
        return new TestGateway(host, dataDirectory, logs);
    }

    /// <summary>Sends raw RFC 5322 bytes with an explicit envelope through MailKit (PIPELINING used when offered).</summary>
    public async Task<string> SendAsync(string from, IEnumerable<string> to, byte[] message)
    {
        using var client = new SmtpClient { LocalDomain = ClientName };
        await client.ConnectAsync(Endpoint.Address.ToString(), Endpoint.Port, MailKit.Security.SecureSocketOptions.None);
        var mime = MimeMessage.Load(new MemoryStream(message));
        var response = await client.SendAsync(mime, MailboxAddress.Parse(from), to.Select(MailboxAddress.Parse));
        await client.DisconnectAsync(quit: true);
        return response;
    }

    /// <summary>Sends exact bytes (already dot-stuffed where needed) with an exact envelope, the null
    /// sender included, as an MMSC would; returns the queue id from the 250 reply.</summary>
    public async Task<string> SendRawAsync(string from, IEnumerable<string> to, byte[] message)
    {
        await using var c = await RawSmtp.ConnectAsync(Endpoint);
        Expect("220", await c.ReadReplyAsync());
        Expect("250", await c.CommandAsync($"EHLO {ClientName}"));
        Expect("250", await c.CommandAsync($"MAIL FROM:<{from}>"));
        foreach (var t in to) Expect("250", await c.CommandAsync($"RCPT TO:<{t}>"));
        Expect("354", await c.CommandAsync("DATA"));
        await c.SendAsync(message);
        var reply = await c.CommandAsync(".");
        Expect("250", reply);
        return reply.Split(' ')[^1];

        static void Expect(string code, string reply)
        {
            if (!reply.StartsWith(code, StringComparison.Ordinal)) throw new InvalidOperationException($"expected {code}, got: {reply}");
        }
    }

    /// <summary>Points <paramref name="domain"/> at other hops, as a routing change in the registry will.</summary>
    public void ReplaceRoute(string domain, string hops)
    {
        var table = RoutingTable.Parse([KeyValuePair.Create(domain, hops)], "test", out var errors);
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors));
        var overlay = Rules.Overlay;
        Rules.Apply(overlay with { Routes = [.. overlay.Routes.Where(r => r.Key != domain), .. table.Routes] });
    }

    /// <summary>The rules in force; tests publish overlays as the registry does.</summary>
    public LiveRules Rules => _host.Services.GetRequiredService<LiveRules>();

    public async Task StopAsync()
    {
        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
