using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;
using MmsGateway.Testing;

namespace MmsGateway.Registry.Tests.Ledger;

/// <summary>Our gateway between our MMSC (a sink) and a scripted partner, with the registry and its ledger
/// on real SQLite files or a real PostgreSQL database, as the web host composes them; timeouts short enough for a test.</summary>
public sealed class LedgerGateway : IAsyncDisposable
{
    public const string OurDomain = "mms.mnc001.mcc238.gprs";
    public const string PartnerDomain = "mms.mnc002.mcc238.gprs";
    /// <summary>For the tests that wait for a RES to go missing; the others keep a timeout a loaded CI
    /// machine cannot reach between a hand-over and its RES (an answer turned "Late" there once is a flake).</summary>
    public static readonly TimeSpan ShortResponseTimeout = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _responseTimeout;
    private readonly RegistryProvider _provider;
    private string? _database;

    private LedgerGateway(TempDir dir, SmtpSink mmsc, Mm4Partner partner, TimeSpan responseTimeout, RegistryProvider provider)
    {
        _provider = provider;
        Dir = dir;
        Mmsc = mmsc;
        Partner = partner;
        _responseTimeout = responseTimeout;
    }

    public TempDir Dir { get; }

    public SmtpSink Mmsc { get; }

    public Mm4Partner Partner { get; }

    public TestGateway Gateway { get; private set; } = null!;

    public LedgerQueries Ledger => Gateway.Services.GetRequiredService<LedgerQueries>();

    public LedgerWriter Writer => Gateway.Services.GetRequiredService<LedgerWriter>();

    public static async Task<LedgerGateway> StartAsync(RegistryProvider provider, TimeSpan? responseTimeout = null)
    {
        var dir = new TempDir();
        LedgerGateway? g = null;
        var partner = Mm4Partner.Start(PartnerDomain, () => g!.Gateway.Endpoint);
        g = new LedgerGateway(dir, SmtpSink.Start(), partner, responseTimeout ?? TimeSpan.FromSeconds(30), provider);
        await g.RestartAsync(first: true);
        return g;
    }

    /// <summary>Stops the gateway (if running) and starts it again on the same spool, registry and ledger.</summary>
    public async Task RestartAsync(bool first = false)
    {
        if (!first) await Gateway.DisposeAsync();
        if (first && _provider == RegistryProvider.Postgres) _database = PostgresCluster.Shared.CreateDatabase();
        Gateway = await TestGateway.StartAsync(Dir.Path, new Dictionary<string, string?>
        {
            ["Registry:Provider"] = _provider.ToString(),
            ["ConnectionStrings:Registry"] = _database,
            [$"Gateway:Routes:{PartnerDomain}"] = Partner.Hop,
            [$"Gateway:Routes:{OurDomain}"] = Mmsc.Hop,
            ["Gateway:LocalDomains:0"] = OurDomain,
            ["Gateway:Delivery:RetryInitial"] = "00:00:00.2",
            ["Gateway:Delivery:RetryMax"] = "00:00:00.5",
            ["Gateway:Delivery:RetryJitter"] = "0",
            ["Gateway:Ledger:ResponseTimeout"] = _responseTimeout.ToString(),
            ["Gateway:Ledger:FlushInterval"] = "00:00:00.05",
            ["Gateway:Ledger:SweepInterval"] = "00:00:00.1",
        }, compose: (services, configuration) => services.AddRegistry(configuration));
        // The provider under test, not a default that would pass the PostgreSQL run on SQLite files.
        await using var db = await Gateway.Services.GetRequiredService<IDbContextFactory<LedgerDbContext>>().CreateDbContextAsync();
        if (db.Database.IsNpgsql() != (_provider == RegistryProvider.Postgres))
            throw new InvalidOperationException($"the ledger is on {db.Database.ProviderName}, not {_provider}");
    }

    /// <summary>Our MMSC sends a forward.REQ to the partner's subscriber; returns its queue id.</summary>
    public Task<string> ForwardAsync(string transactionId, byte[]? message = null) =>
        Gateway.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], message ?? Mm4Samples.ForwardRequest(transactionId));

    public async Task<LedgerRow> RowAsync(string transactionId, Func<LedgerRow, bool> until, string reason)
    {
        LedgerRow? row = null;
        await Eventually.True(async () =>
        {
            row = (await Ledger.SearchAsync(new LedgerQuery(TransactionId: transactionId))).FirstOrDefault(r => !r.IsResponse) ?? row;
            return row is not null && until(row);
        }, TimeSpan.FromSeconds(15), reason);
        return row!;
    }

    public async Task<Mm4Summary> SummaryAsync(Func<Mm4Summary, bool> until, string reason)
    {
        Mm4Summary? summary = null;
        await Eventually.True(async () =>
        {
            summary = (await Ledger.SummaryAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow))
                .FirstOrDefault(s => s.Partner == PartnerDomain && s.Direction == Relay.Policy.TrafficDirection.Outbound);
            return summary is not null && until(summary);
        }, TimeSpan.FromSeconds(15), reason);
        return summary!;
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Partner.DisposeAsync();
        await Mmsc.DisposeAsync();
        if (_database is not null) PostgresCluster.Shared.DropDatabase(_database);
        Dir.Dispose();
    }
}
