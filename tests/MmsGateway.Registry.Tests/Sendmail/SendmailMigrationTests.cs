using System.Net;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Registry.Tests.Sendmail;

/// <summary>The seed's own maps (../shared/seed, placeholders filled in) into the registry and back.</summary>
public abstract class SendmailMigrationTests(RegistryProvider provider) : IDisposable
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Sendmail");
    private static readonly string Mailertable = File.ReadAllText(Path.Combine(Dir, "seed-mailertable"));
    private static readonly string Access = File.ReadAllText(Path.Combine(Dir, "seed-access"));
    private readonly List<RegistryHarness> _owned = [];

    private async Task<RegistryHarness> Start()
    {
        var h = await RegistryHarness.StartAsync(provider);
        _owned.Add(h);
        return h;
    }

    [Fact]
    public async Task The_seeds_maps_become_operators_our_side_and_access_entries_with_a_report()
    {
        var h = await Start();
        var report = await h.Store.ImportSendmailAsync(Mailertable, Access, dryRun: false);

        Assert.Equal("4 operators, 1 own domains, 3 relay clients, 5 access entries; 14 mapped, 5 merged, 1 left out", report.ToString());
        Assert.Contains("mailertable:2 mms.mnc001.mcc238.gprs → our own domain, MMSCs [10.1.0.5] [10.1.0.6]", report.Mapped);
        Assert.Contains("access To:mms.mnc002.mcc238.gprs REJECT → operator \"MCC 238 MNC 002\" is down, RejectingPermanently", report.Merged);
        Assert.Contains("access From:mms.mnc003.mcc238.gprs OK → operator \"MCC 238 MNC 003\": interconnect agreement (inbound allowed)", report.Merged);
        Assert.Contains("access:15 '#From:mms.mnc002.mcc238.gprs    OK': commented out", report.LeftOut);
        Assert.Contains(report.Mapped, m => m.StartsWith("access:8 To:example.com RELAY → access entry; no mailertable route", StringComparison.Ordinal));

        var operators = await h.Store.OperatorsAsync();
        Assert.Equal(["MCC 238 MNC 002", "MCC 238 MNC 003", "MCC 238 MNC 004", "MCC 238 MNC 005"], operators.Select(o => o.Name));
        var two = operators[0];
        Assert.Equal((DestinationStatus.RejectingPermanently, false, "238", "002"), (two.Status, two.InboundAllowed, two.Mcc, two.Mnc));
        Assert.Equal("import", (await h.Store.StatusHistoryAsync(two.Id)).Single().By);
    }

    [Fact]
    public async Task The_imported_rules_decide_as_the_seeds_sendmail_did()
    {
        var h = await Start();
        await h.Store.ImportSendmailAsync(Mailertable, Access, dryRun: false);
        var rules = h.Rules.Current;
        SmtpReply? Check(string client, string from, string to)
        {
            var f = SmtpAddress.TryParse(from, out var a, out _) ? a : throw new ArgumentException(from);
            var t = SmtpAddress.TryParse(to, out var b, out _) ? b : throw new ArgumentException(to);
            return SmtpReplies.ForAccess(AccessPolicy.CheckRecipient(rules,
                new AccessRequest(IPAddress.Parse(client), f.Text, f.Domain, t.Text, t.Domain)));
        }
        const string ours = "+4511111111/TYPE=PLMN@mms.mnc001.mcc238.gprs";

        // Our inside MMSC (Connect:our-mmsc.intra.example.com RELAY) sends out, except to the operator that is down.
        Assert.Null(Check("10.1.0.7", ours, "+4522222222/TYPE=PLMN@mms.mnc003.mcc238.gprs"));
        Assert.Equal(550, Check("10.1.0.7", ours, "+4522222222/TYPE=PLMN@mms.mnc002.mcc238.gprs")?.Code);
        // Operator three has an agreement; operator two does not (its From: OK is commented out).
        Assert.Null(Check("192.0.2.3", "+4533333333/TYPE=PLMN@mms.mnc003.mcc238.gprs", ours));
        Assert.Equal(550, Check("192.0.2.2", "+4544444444/TYPE=PLMN@mms.mnc002.mcc238.gprs", ours)?.Code);
        // Local users on the gateways (From:mm4gw1.example.com OK).
        Assert.Null(Check("192.0.2.9", "root@mm4gw1.example.com", ours));
        // Nobody relays through us from outside.
        Assert.Equal(550, Check("192.0.2.3", "+4533333333/TYPE=PLMN@mms.mnc003.mcc238.gprs", "+4555555555/TYPE=PLMN@mms.mnc004.mcc238.gprs")?.Code);
    }

    [Fact]
    public async Task Export_then_import_into_a_fresh_registry_gives_the_same_maps_and_every_seed_entry_survives()
    {
        var first = await Start();
        await first.Store.ImportSendmailAsync(Mailertable, Access, dryRun: false);
        var (mt1, am1) = await first.Store.ExportSendmailAsync();

        var second = await Start();
        var again = await second.Store.ImportSendmailAsync(mt1, am1, dryRun: false);
        var (mt2, am2) = await second.Store.ExportSendmailAsync();

        Assert.Equal(mt1, mt2);
        Assert.Equal(am1, am2);
        Assert.Equal(["access:7 '#From:mms.mnc002.mcc238.gprs OK   (not in force: MCC 238 MNC 002 has no interconnect agreement)': commented out"], again.LeftOut);
        Assert.Equal(Entries(Mailertable), Entries(mt1));
        Assert.Equal(Entries(Access), Entries(am1));
    }

    [Fact]
    public async Task A_dry_run_reports_without_saving_and_a_second_import_changes_nothing()
    {
        var h = await Start();
        var dry = await h.Store.ImportSendmailAsync(Mailertable, Access, dryRun: true);
        Assert.True(dry.DryRun);
        Assert.Empty(await h.Store.OperatorsAsync());
        Assert.Equal(0, h.Publisher.Revision);

        await h.Store.ImportSendmailAsync(Mailertable, Access, dryRun: false);
        var second = await h.Store.ImportSendmailAsync(Mailertable, Access, dryRun: false);
        Assert.True(0 == second.Operators + second.OwnDomains + second.RelayClients + second.AccessEntries, second.ToString() + "\n" + string.Join("\n", second.Mapped));
        Assert.Contains("mailertable:3 mms.mnc002.mcc238.gprs: already in the registry (operator MCC 238 MNC 002); not changed", second.LeftOut);
        Assert.Equal(4, (await h.Store.OperatorsAsync()).Count);
    }

    [Fact]
    public async Task The_seeds_placeholder_lines_are_left_out_with_the_reason()
    {
        var h = await Start();
        var report = await h.Store.ImportSendmailAsync(File.ReadAllText(Path.Combine(Dir, "seed-literal")),
            "To:mms.mnc002.mccXXX.gprs                       REJECT\nlocal:stuff OK\nSpam:abuse@ FRIEND\n", dryRun: false);

        Assert.Contains(report.LeftOut, l => l.Contains("'xxx.xxx.xxx.xx' in '[xxx.xxx.xxx.xx]' is not an IP address"));
        Assert.Contains(report.LeftOut, l => l.Contains("tag 'local:' is not supported"));
        Assert.Contains(report.LeftOut, l => l.Contains("tag 'Spam:' is not supported"));
        Assert.Empty(await h.Store.OperatorsAsync());
    }

    // The entries of a map, normalised: key and value with single spaces, comments and blanks dropped.
    private static string[] Entries(string map) => map.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => string.Join(' ', l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant()).Order().ToArray();

    public void Dispose()
    {
        foreach (var h in _owned) h.Dispose();
    }
}

public sealed class SendmailMigrationOnSqlite() : SendmailMigrationTests(RegistryProvider.Sqlite);

public sealed class SendmailMigrationOnPostgres() : SendmailMigrationTests(RegistryProvider.Postgres);
