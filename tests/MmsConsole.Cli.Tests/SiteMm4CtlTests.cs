using System.Text.RegularExpressions;
using MmsGateway.Testing;

namespace MmsConsole.Cli.Tests;

/// <summary>mm4ctl against a site of two gateway processes on one PostgreSQL registry (issue 15): whichever gateway it
/// asks, it lists and acts on every node, says which node holds what, and --node aims at one.</summary>
public sealed partial class SiteMm4CtlTests : IAsyncLifetime
{
    private string _database = "";
    private TwoNodes _site = null!;

    public async Task InitializeAsync()
    {
        _database = PostgresCluster.Shared.CreateDatabase();
        _site = await TwoNodes.StartAsync(_database, deliver: true);   // our own domain goes to a closed port: attempts defer
        foreach (var (gw, msisdn) in new[] { (_site.Gw1, "+4533333301"), (_site.Gw2, "+4544444401") })
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(gw.Smtp, $"+4511111111/TYPE=PLMN@{TwoNodes.Ours}", $"{msisdn}/TYPE=PLMN@{TwoNodes.Ours}",
                "Subject: site\r\n\r\nhello"));
    }

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Mm4Ctl.RunAsync(["--url", _site.Gw2.Web.ToString(), "--token", _site.Token, .. args], output, error, _ => null);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Asked_through_gw2_mm4ctl_lists_holds_and_flushes_on_both_nodes_and_node_aims_at_one()
    {
        var list = await Run("list");
        Assert.Equal(0, list.Code);
        Assert.Contains("2 messages, 2 recipients match", list.Out);
        var gw1Line = Assert.Single(list.Out.Split('\n'), l => l.Contains(" gw1 ", StringComparison.Ordinal));
        Assert.Single(list.Out.Split('\n'), l => l.Contains(" gw2 ", StringComparison.Ordinal));
        var gw1Id = gw1Line.Split(' ')[0];

        var one = await Run("--node", "gw1", "list");
        Assert.Contains("1 message, 1 recipient match", one.Out);
        Assert.Contains("+4533333301", one.Out);

        var hold = await Run("--node", "gw1", "hold", "-I", gw1Id, "--reason", "INC-9 park it");
        Assert.Equal(0, hold.Code);
        Assert.Contains("hold: 1 recipients", hold.Out);

        // A flush on each node, each watched to its end: gw1's only message is held, so it selects nothing there.
        var flush = await Run("flush", "--reason", "INC-9 retry the rest");
        Assert.True(flush.Code == 0, flush.Err);
        Assert.Matches(@"gw1: flush \d+ of the whole queue: 0 recipients selected", flush.Out);
        Assert.Matches(@"gw2: flush \d+ of the whole queue: 1 recipient selected", flush.Out);
        Assert.True(Regex.IsMatch(flush.Out, @"gw2:   Done: attempted 1 of 1, delivered 0, deferred 1"), flush.Out);
        Assert.Contains("gw1:   Done: attempted 0 of 0", flush.Out);
        Assert.Contains("1 recipient held, not flushed", flush.Out);   // the one held on gw1, counted over the site

        // Each node's queue as its last heartbeat (every 2 s) counted it: a snapshot, so asked until both have beaten since.
        var nodes = (Out: "", Code: 0);
        await Eventually.True(async () =>
        {
            var r = await Run("nodes");
            nodes = (r.Out, r.Code);
            return Regex.IsMatch(r.Out, @"  gw1\s+up\s+1\s+r\d+") && Regex.IsMatch(r.Out, @"\* gw2\s+up\s+1\s+r\d+");
        }, TimeSpan.FromSeconds(6), "both nodes say 1 queued");
        Assert.Equal(0, nodes.Code);

        var unknown = await Run("--node", "gw9", "list");
        Assert.NotEqual(0, unknown.Code);
        Assert.Contains("No node 'gw9' in this site (nodes: gw1, gw2)", unknown.Err);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        PostgresCluster.Shared.DropDatabase(_database);
    }
}
