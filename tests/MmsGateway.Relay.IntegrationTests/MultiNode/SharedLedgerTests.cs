using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MmsGateway.Testing;
using static MmsGateway.Testing.TwoNodes;

namespace MmsGateway.Relay.IntegrationTests.MultiNode;

/// <summary>One MM4 ledger for the site (issue 15): a forward.REQ that leaves through gw1 is answered by the partner's
/// MMSC through gw2, and the REQ's row shows the answer, on either node's console.</summary>
public sealed class SharedLedgerTests : IAsyncLifetime
{
    private string _database = "";
    private TwoNodes _site = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresCluster.Shared.CreateDatabase();
        _site = await TwoNodes.StartAsync(_database, deliver: true);
    }

    [Fact]
    public async Task A_forward_through_gw1_answered_through_gw2_is_one_answered_transaction()
    {
        await using var partner = Mm4Partner.Start(Mnc002, () => _site.Gw2.Smtp);   // its MMSC answers to our other node
        using var api1 = _site.Api(_site.Gw1);
        using var api2 = _site.Api(_site.Gw2);
        await CreateTwoAsync(api1, partner.Hop);
        await Eventually.True(async () => (await Rcpt(_site.Gw2)).StartsWith("250", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "gw2 knows Two");

        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(_site.Gw1.Smtp, Mm4Samples.Sender, Mm4Samples.Recipient,
            Encoding.ASCII.GetString(Mm4Samples.ForwardRequest("T-two-nodes"))));

        JsonElement request = default;
        await Eventually.True(async () =>
        {
            var rows = (await api2.GetFromJsonAsync<JsonElement>("/api/mm4/ledger?transactionId=T-two-nodes")).GetProperty("entries").EnumerateArray().ToList();
            request = rows.FirstOrDefault(r => !r.GetProperty("isResponse").GetBoolean());
            return request.ValueKind == JsonValueKind.Object && request.GetProperty("state").GetString() == "Answered";
        }, TimeSpan.FromSeconds(20), "the REQ through gw1 is answered by the RES through gw2");
        Assert.Equal(["T-two-nodes"], partner.Answered);
        Assert.Equal(("Ok", "Outbound"), (request.GetProperty("responseStatus").GetString(), request.GetProperty("direction").GetString()));
        var seenOnGw1 = (await api1.GetFromJsonAsync<JsonElement>("/api/mm4/ledger?transactionId=T-two-nodes")).GetProperty("entries").EnumerateArray()
            .Single(r => !r.GetProperty("isResponse").GetBoolean());
        Assert.Equal(request.GetProperty("id").GetInt64(), seenOnGw1.GetProperty("id").GetInt64());
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        PostgresCluster.Shared.DropDatabase(_database);
    }
}
