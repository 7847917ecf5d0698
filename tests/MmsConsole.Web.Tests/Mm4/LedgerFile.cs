using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Mm4;

/// <summary>A real ledger database file, written through <see cref="LedgerStore"/> as the relay's writer does,
/// with observations made as the relay makes them: for component tests of the MM4 pages.</summary>
internal sealed class LedgerFile : IDisposable
{
    public static readonly TrafficParties ToThree = new("Three", TrafficDirection.Outbound, null, "local", "Three");
    public static readonly TrafficParties FromThree = new("Three", TrafficDirection.Inbound, null, "Three", "local");
    private readonly TempDir _dir = new();

    public LedgerFile()
    {
        var factory = new PooledDbContextFactory<LedgerDbContext>(new DbContextOptionsBuilder<LedgerDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dir.Path, "ledger.db")};Pooling=False").Options);
        Store = new LedgerStore(factory);
        Queries = new LedgerQueries(factory, Store);
    }

    public LedgerStore Store { get; }

    public LedgerQueries Queries { get; }

    public Task ApplyAsync(params LedgerObservation[] batch) => Store.ApplyAsync(batch, CancellationToken.None);

    public static ObservedMessage Message(string type, TrafficParties parties, string queueId, DateTimeOffset at, string tid, string? status = null,
        string? mmStatus = null, string? report = null, string recipient = "+4512345678/TYPE=PLMN", IReadOnlyList<LintFinding>? findings = null, string? mid = null) =>
        new(at, queueId, new Mm4Message(Mm4MessageType.Parse(type))
        {
            TransactionId = tid, MessageId = mid ?? "M-" + tid, Version = "6.3.0", AckRequest = "Yes", RequestStatus = status, MmStatus = mmStatus,
            DeliveryReport = report, From = "+4587654321/TYPE=PLMN", To = [recipient],
        }, parties, 1234, TimeSpan.FromMinutes(10), findings ?? []);

    public void Dispose() => _dir.Dispose();
}
