using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Database;
using MmsGateway.Relay.Hosting;

namespace MmsGateway.Registry.Tests.Accounts;

public abstract class AuditLogTests(RegistryProvider provider) : IDisposable
{
    private RegistryHarness _h = null!;

    private async Task<AuditLog> Start()
    {
        _h = await RegistryHarness.StartAsync(provider);
        return new AuditLog(_h.Factory, _h.Clock, new NodeIdentity("mm4gw1"));
    }

    [Fact]
    public async Task Records_come_back_newest_first_filtered_by_user_action_prefix_text_and_time()
    {
        var audit = await Start();
        var t0 = _h.Clock.GetUtcNow();
        await audit.RecordAsync(new AuditEntry("anna", "10.0.0.9", "operator.status", "Operator Two", "{\"from\":\"Active\",\"to\":\"Holding\"}", "INC-1"));
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        await audit.RecordAsync(new AuditEntry("bob", "10.0.0.8", "queue.flush", "Dmms.mnc002.mcc238.gprs", null, "backlog"));
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        await audit.RecordAsync(new AuditEntry("anna", "10.0.0.9", "queue.hold", "!R+4512", null, null, Succeeded: false));

        var all = await audit.QueryAsync(new AuditFilter());
        Assert.Equal(["queue.hold", "queue.flush", "operator.status"], all.Records.Select(r => r.Action));
        Assert.All(all.Records, r => Assert.Equal("mm4gw1", r.Node));   // the gateway that did it, for a site of several
        Assert.Equal(2, (await audit.QueryAsync(new AuditFilter(User: "ann"))).Total);
        Assert.Equal(2, (await audit.QueryAsync(new AuditFilter(Action: "queue."))).Total);
        Assert.Equal("operator.status", Assert.Single((await audit.QueryAsync(new AuditFilter(Text: "Holding"))).Records).Action);
        Assert.Equal("queue.flush", Assert.Single((await audit.QueryAsync(new AuditFilter(From: t0.AddMinutes(1), To: t0.AddMinutes(6)))).Records).Action);
    }

    [Fact]
    public async Task The_csv_export_quotes_what_needs_quoting_and_defuses_spreadsheet_formulas()
    {
        var audit = await Start();
        await audit.RecordAsync(new AuditEntry("anna", "10.0.0.9", "access.create", "From:mms.mnc003.mcc238.gprs OK", "{\"a\":1,\"b\":\"x\"}", "=HYPERLINK(\"x\")"));

        var csv = new StringWriter();
        await audit.WriteCsvAsync(new AuditFilter(), csv);

        var lines = csv.ToString().Split("\r\n");
        Assert.Equal("id,at,user,source,action,target,reason,succeeded,details,node", lines[0]);
        Assert.Equal("1,2026-11-24T09:00:00.000Z,anna,10.0.0.9,access.create,From:mms.mnc003.mcc238.gprs OK,\"'=HYPERLINK(\"\"x\"\")\",true,\"{\"\"a\"\":1,\"\"b\"\":\"\"x\"\"}\",mm4gw1", lines[1]);
    }

    public void Dispose() => _h?.Dispose();
}

public sealed class AuditLogOnSqlite() : AuditLogTests(RegistryProvider.Sqlite);

public sealed class AuditLogOnPostgres() : AuditLogTests(RegistryProvider.Postgres);
