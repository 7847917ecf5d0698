using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Tests.Ledger;

/// <summary>The console's ledger searches on each provider: number ranges over the digit keys (which need byte order,
/// not a linguistic collation), the 00 prefix, ids, and the per-operator summary.</summary>
public abstract class LedgerQueriesTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-30);
    private static readonly TrafficParties ToThree = new("Three", TrafficDirection.Outbound, null, "local", "Three");
    private readonly LedgerDatabase _db;
    private readonly LedgerStore _store;
    private readonly LedgerQueries _queries;

    protected LedgerQueriesTests(RegistryProvider provider)
    {
        _db = new LedgerDatabase(provider);
        var factory = new PooledDbContextFactory<LedgerDbContext>(_db.Options());
        _store = new LedgerStore(factory);
        _queries = new LedgerQueries(factory, _store);
    }

    private static ObservedMessage Forward(string queueId, int minute, string tid, string to) =>
        new(T0.AddMinutes(minute), queueId, new Mm4Message(Mm4MessageType.Parse("MM4_forward.REQ"))
        {
            TransactionId = tid, MessageId = "M-" + tid, Version = "6.3.0", AckRequest = "Yes",
            From = "+4587654321/TYPE=PLMN", To = [to],
        }, ToThree, 1000, TimeSpan.FromMinutes(10), []);

    private async Task FillAsync() => await _store.ApplyAsync(
    [
        Forward("Q1", 1, "T1", "+4533000001/TYPE=PLMN"),
        Forward("Q2", 2, "T2", "+4533000002/TYPE=PLMN"),
        Forward("Q3", 3, "T3", "+4534000003/TYPE=PLMN"),
        Forward("Q4", 4, "T4", "+45330/TYPE=PLMN"),
        Forward("Q5", 5, "T5", "+453399/TYPE=PLMN"),
    ], CancellationToken.None);

    private async Task<string[]> Queues(LedgerQuery q) => [.. (await _queries.SearchAsync(q)).Select(r => r.QueueId).Order()];

    [Fact]
    public async Task A_number_finds_the_numbers_it_begins_with_or_without_plus_or_00()
    {
        await FillAsync();

        Assert.Equal(["Q1"], await Queues(new LedgerQuery(Msisdn: "+4533000001")));
        Assert.Equal(["Q1"], await Queues(new LedgerQuery(Msisdn: "004533000001")));
        Assert.Equal(["Q1", "Q2"], await Queues(new LedgerQuery(Recipient: "+45330000")));
        // A broad range (the time index answers): the range ends at "4533:", which ICU sorts before the digits.
        Assert.Equal(["Q1", "Q2", "Q4", "Q5"], await Queues(new LedgerQuery(Recipient: "+4533")));
        Assert.Equal(["Q1", "Q2", "Q3", "Q4", "Q5"], await Queues(new LedgerQuery(Sender: "+45876")));
        Assert.Empty(await Queues(new LedgerQuery(Msisdn: "+4599")));
    }

    [Fact]
    public async Task Ids_and_the_operator_summary_answer()
    {
        await FillAsync();

        Assert.Equal(["Q3"], await Queues(new LedgerQuery(TransactionId: "\"T3\"")));
        Assert.Equal(["Q2"], await Queues(new LedgerQuery(MessageId: "<M-T2>")));
        var summary = Assert.Single(await _queries.SummaryAsync(T0.AddHours(-1), DateTimeOffset.UtcNow));
        Assert.Equal(("Three", TrafficDirection.Outbound), (summary.Partner, summary.Direction));
    }

    public void Dispose() => _db.Dispose();
}

public sealed class LedgerQueriesOnSqlite() : LedgerQueriesTests(RegistryProvider.Sqlite);

public sealed class LedgerQueriesOnPostgres() : LedgerQueriesTests(RegistryProvider.Postgres);
