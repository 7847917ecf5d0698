using System.Net.Http.Headers;
using System.Net.Http.Json;
using MmsGateway.Testing;

namespace MmsConsole.Cli.Tests;

/// <summary>mm4ctl against the real gateway binary in a child process, over its HTTP API with tokens.</summary>
public sealed class Mm4CtlTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc002 = "mms.mnc002.mcc238.gprs";
    private readonly TempDir _dir = new();
    private GatewayProcess _gateway = null!;
    private SmtpSink _sink = null!;
    private string _operatorToken = "", _viewerToken = "", _adminToken = "";

    public async Task InitializeAsync()
    {
        _sink = SmtpSink.Start();
        // The first token from the command line, as an operator sets a gateway up; the others through the API
        // (each command-line run is a process start, and this runs before every test).
        var admin = _adminToken = (await GatewayProcess.RunCliAsync(_dir.Path, null, "token", "add", "setup", "--role", "Admin")).Output.Trim();
        _gateway = await GatewayProcess.StartAsync(_dir.Path,
            ["--Gateway:Routes:" + Ours, "[127.0.0.1]:9", "--Gateway:Delivery:Enabled", "true", "--Gateway:Delivery:RetryInitial", "00:10:00"]);
        using var http = new HttpClient { BaseAddress = _gateway.Web };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        _operatorToken = await TokenAsync(http, "mm4ctl-anna", "Operator");
        _viewerToken = await TokenAsync(http, "wallboard", "Viewer");
        var two = await (await http.PostAsJsonAsync("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { _sink.Hop } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        (await http.PostAsJsonAsync($"/api/operators/{two.GetProperty("id").GetInt32()}/status", new { status = "Holding", reason = "setup" })).EnsureSuccessStatusCode();
        foreach (var msisdn in new[] { "+4533333301", "+4533333302", "+4544444401" })
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(_gateway.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"{msisdn}/TYPE=PLMN@{Mnc002}",
                $"X-Mms-Message-Type: MM4_forward.REQ\r\nTo: {msisdn}/TYPE=PLMN\r\n\r\nhello"));
    }

    private static async Task<string> TokenAsync(HttpClient http, string name, string role) =>
        (await (await http.PostAsJsonAsync("/api/tokens", new { name, role })).EnsureSuccessStatusCode().Content
            .ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("secret").GetString()!;

    private async Task<(int Code, string Out, string Err)> Run(string? token, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new Dictionary<string, string?> { ["MM4CTL_URL"] = _gateway.Web.ToString(), ["MM4CTL_TOKEN"] = token };
        var code = await Mm4Ctl.RunAsync(args, output, error, k => env.GetValueOrDefault(k));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Queue_list_with_negation_and_bringing_the_operator_up_as_on_the_shell()
    {
        var queue = await Run(_viewerToken, "queue");
        Assert.Equal(0, queue.Code);
        Assert.Matches(@"Two\s+Holding\s+0\s+0\s+3\s+\S+\s+idle", queue.Out);   // parked, so nothing attempted: measured idle
        Assert.Contains("total: 3 messages, 3 recipients (0 ready, 0 deferred, 3 held)", queue.Out);

        var some = await Run(_viewerToken, "list", "-R", "+4533");
        var others = await Run(_viewerToken, "list", "--not", "-R", "+4533");
        Assert.Contains("2 messages, 2 recipients match R+4533", some.Out);
        Assert.Contains($"held      <+4533333301/TYPE=PLMN@{Mnc002}>", some.Out);
        Assert.Contains("1 message, 1 recipient match !R+4533", others.Out);
        Assert.Contains("+4544444401", others.Out);
        Assert.DoesNotContain("+4533333301", others.Out);
        Assert.DoesNotContain("+4533333302", others.Out);

        var up = await Run(_operatorToken, "operator", "up", "Two", "--reason", "INC-7 their gateway is back");
        Assert.Equal((0, "Two: Holding -> Active\n"), (up.Code, up.Out.Replace("\r", "")));
        await Eventually.True(() => _sink.Messages.Count == 3, TimeSpan.FromSeconds(10), "the held mail reaches Two once it is up");
        Assert.Contains("total: 0 messages", (await Run(_viewerToken, "queue")).Out);
    }

    [Fact]
    public async Task Flush_shows_its_progress_until_done_and_down_rejects_at_RCPT()
    {
        var flush = await Run(_operatorToken, "flush", "-D", Mnc002, "--reason", "backlog");
        Assert.Equal(0, flush.Code);
        Assert.Contains($"flush 1 of D{Mnc002}: 0 recipients selected", flush.Out);
        Assert.Contains("Done: attempted 0 of 0, delivered 0, deferred 0, bounced 0", flush.Out);
        // A flush leaves held mail alone: it says so, and what would release it (issue 13).
        Assert.Contains("3 recipients held, not flushed: operator Two is down (holding); mm4ctl operator up \"Two\" --reason TEXT releases and flushes them", flush.Out);
        using (var http = new HttpClient { BaseAddress = _gateway.Web })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
            var audit = await http.GetStringAsync("/api/audit?action=queue.flush");
            Assert.Contains("backlog", audit);
            Assert.Contains("mm4ctl-anna", audit);
        }
        var withoutReason = await Run(_operatorToken, "flush", "-D", Mnc002);
        Assert.Equal((ExitCodes.Usage, true), (withoutReason.Code, withoutReason.Err.Contains("--reason TEXT is required")));

        var down = await Run(_operatorToken, "operator", "down", Mnc002, "--reject", "perm", "--reason", "INC-8", "--text", "Two is down");
        Assert.Equal(0, down.Code);
        Assert.StartsWith("550 5.7.1", await RawSmtp.SendMessageAsync(_gateway.Smtp, $"+4511111111/TYPE=PLMN@{Ours}", $"+4555555555/TYPE=PLMN@{Mnc002}", "hello"));

        var hold = await Run(_operatorToken, "hold", "-R", "+4544", "--reason", "park it");
        Assert.Equal(0, hold.Code);
        Assert.StartsWith("hold: ", hold.Out);
    }

    [Fact]
    public async Task Nodes_lists_the_gateway_answering_as_up()
    {
        var nodes = await Run(_viewerToken, "nodes");

        Assert.Equal(0, nodes.Code);
        var self = Assert.Single(nodes.Out.Split('\n'), l => l.StartsWith("* ", StringComparison.Ordinal));
        Assert.Contains(" up ", self);
        Assert.Contains(_gateway.Web.ToString().TrimEnd('/'), self);   // where the other nodes reach it
        Assert.Contains("1 node; * is the one answering", nodes.Out);
        Assert.Equal(2, (await Run(_viewerToken, "nodes", "--all")).Code);
    }

    [Fact]
    public async Task The_ledger_is_searched_with_sendmail_flags_and_the_summary_counts_the_lint()
    {
        // The three forwards of the setup are in the ledger a moment after their 250 (they lack X-Mms-Transaction-ID and version).
        (int Code, string Out, string Err) byRecipient = default;
        try
        {
            await Eventually.True(async () => (byRecipient = await Run(_viewerToken, "ledger", "-R", "+4533")).Out.Contains("2 transactions"),
                TimeSpan.FromSeconds(10), "the two forwards to +4533… are in the ledger");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; mm4ctl said: {byRecipient.Out} {byRecipient.Err}", e);
        }
        Assert.Equal(0, byRecipient.Code);
        Assert.Matches(@"\+4511111111 -> \+4533333302  Undelivered queue=\S+", byRecipient.Out);
        var glued = await Run(_viewerToken, "ledger", "-qR004544444401");
        Assert.Contains("+4511111111 -> +4544444401", glued.Out);
        Assert.Contains("1 transaction\n", glued.Out.Replace("\r", ""));
        var id = glued.Out.Split(' ', 2)[0];
        var show = await Run(_viewerToken, "ledger", "show", id);
        Assert.Equal(0, show.Code);
        Assert.Contains("lint: missing-header: X-Mms-Transaction-ID is missing", show.Out);

        var summary = await Run(_viewerToken, "mm4", "summary", "--hours", "24");
        Assert.Equal(0, summary.Code);
        Assert.Matches(@"Two\s+transit\s+0\s+0\s+0\s+0\s+0\s+-\s+-\s+0\s+-\s+\d+", summary.Out);
        Assert.Contains("lint: missing-header 3", summary.Out);

        var lint = await Run(_viewerToken, "ledger", "--lint", "--operator", "Two");
        Assert.Contains("3 transactions", lint.Out);
        Assert.Contains("no MM4 transaction matches", (await Run(_viewerToken, "ledger", "--lint", "--operator", "Nobody")).Out);

        var negated = await Run(_viewerToken, "ledger", "-q!R+4533");
        Assert.Equal(ExitCodes.Usage, negated.Code);
        Assert.Contains("the ledger search has no negation", negated.Err);
        var badState = await Run(_viewerToken, "ledger", "--state", "lost");
        Assert.Equal(ExitCodes.Refused, badState.Code);
        Assert.Contains("state", badState.Err);
    }

    [Fact]
    public async Task Captures_start_list_and_stop()
    {
        var start = await Run(_operatorToken, "capture", "start", "--client", "10.0.0.7", "--minutes", "5", "--reason", "EHLO dispute");
        Assert.Equal(0, start.Code);
        Assert.StartsWith("capture 1 of 10.0.0.7 runs until", start.Out);
        Assert.Contains("running until", (await Run(_viewerToken, "capture", "list")).Out);
        Assert.Equal(0, (await Run(_operatorToken, "capture", "stop", "1")).Code);
        Assert.Contains("ended", (await Run(_viewerToken, "capture", "list")).Out);
    }

    [Fact]
    public async Task Every_failure_has_its_exit_code_and_a_readable_line()
    {
        var noToken = await Run(null, "queue");
        var badToken = await Run("mm4_not-a-token", "queue");
        var viewer = await Run(_viewerToken, "flush", "-D", Mnc002, "--reason", "a viewer tries");
        var badLetter = await Run(_operatorToken, "list", "-qXfoo");
        var noReason = await Run(_operatorToken, "hold", "-D", Mnc002);
        var unknown = await Run(_operatorToken, "operator", "down", "Nine", "--hold", "--reason", "x");
        var output = new StringWriter();
        var error = new StringWriter();
        var unreachable = await Mm4Ctl.RunAsync(["--url", "http://127.0.0.1:9", "--token", _viewerToken, "queue"], output, error, _ => null);

        Assert.Equal(ExitCodes.Usage, noToken.Code);
        Assert.Contains("no token: set MM4CTL_TOKEN", noToken.Err);
        Assert.Equal(ExitCodes.NotAllowed, badToken.Code);
        Assert.Contains("401 not signed in", badToken.Err);
        Assert.Equal(ExitCodes.NotAllowed, viewer.Code);
        Assert.Contains("403 not allowed", viewer.Err);
        Assert.Equal(ExitCodes.Refused, badLetter.Code);
        Assert.Contains("select: 'Xfoo': unknown selection letter 'X'", badLetter.Err);
        Assert.Equal(ExitCodes.Usage, noReason.Code);
        Assert.Equal(ExitCodes.Refused, unknown.Code);
        Assert.Contains("no operator named 'Nine'", unknown.Err);
        Assert.Equal(ExitCodes.Unreachable, unreachable);
        Assert.Contains("cannot reach the gateway at http://127.0.0.1:9/", error.ToString());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }
}
