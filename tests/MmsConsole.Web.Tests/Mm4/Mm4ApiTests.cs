using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MmsConsole.Web.Live;
using MmsConsole.Web.Mm4;
using MmsGateway.Registry.Model;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Mm4;

/// <summary>The MM4 ledger through the web host as production composes it: our MMSC sends forwards over real SMTP to a
/// scripted partner that refuses them in its MM4_forward.RES (or stays silent); the API, /metrics, /readyz and the
/// dashboard's verdict all tell the truth that SMTP's 250 hides.</summary>
public sealed class Mm4ApiTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Partner = "mms.mnc002.mcc238.gprs";
    private SmtpSink _mmsc = null!;
    private Mm4Partner _partner = null!;
    private GatewayAppFactory? _app;

    public Task InitializeAsync()
    {
        _mmsc = SmtpSink.Start();
        _partner = Mm4Partner.Start(Partner, () => _app!.Smtp);
        return Task.CompletedTask;
    }

    // The web host between our MMSC and the partner, timeouts short enough for a test; `settings` add or override.
    private GatewayAppFactory Start(Dictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Gateway:Delivery:Enabled"] = "true",
            [$"Gateway:Routes:{Partner}"] = _partner.Hop,
            [$"Gateway:Routes:{Ours}"] = _mmsc.Hop,
            ["Gateway:LocalDomains:0"] = Ours,
            ["Gateway:Ledger:ResponseTimeout"] = "00:00:04",
            ["Gateway:Ledger:FlushInterval"] = "00:00:00.05",
            ["Gateway:Ledger:SweepInterval"] = "00:00:00.1",
            ["Console:Alerts:Mm4Interval"] = "00:00:00.2",
            ["Console:Alerts:Mm4MinForwards"] = "2",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        _app = new GatewayAppFactory(all);
        _ = _app.Server;
        return _app;
    }

    private Task<string> ForwardAsync(string transactionId) =>
        RawSmtp.SendMessageAsync(_app!.Smtp, Mm4Samples.Sender, Mm4Samples.Recipient,
            Encoding.ASCII.GetString(Mm4Samples.ForwardRequest(transactionId)).Replace("\r\n.starts", "\r\n..starts").TrimEnd());

    private static async Task<JsonElement> SummaryRowAsync(HttpClient http, Func<JsonElement, bool> until, string reason)
    {
        JsonElement row = default, body = default;
        try
        {
            await Eventually.True(async () =>
            {
                body = await http.GetFromJsonAsync<JsonElement>("/api/mm4/summary?hours=1");
                row = body.GetProperty("operators").EnumerateArray().FirstOrDefault(s => s.GetProperty("partner").GetString() == Partner
                    && s.GetProperty("direction").GetString() == "Outbound");
                return row.ValueKind == JsonValueKind.Object && until(row);
            }, TimeSpan.FromSeconds(15), reason);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the last summary: {body}; the ledger: {await http.GetStringAsync("/api/mm4/ledger")}", e);
        }
        return row;
    }

    [Fact]
    public async Task Refused_and_unanswered_forwards_show_in_the_summary_the_search_the_metrics_and_the_dashboard()
    {
        var app = Start();
        using var viewer = app.ClientAs(ConsoleRole.Viewer);
        _partner.Status = "Error-service-denied";
        Assert.StartsWith("250", await ForwardAsync("T-refused-1"));
        Assert.StartsWith("250", await ForwardAsync("T-refused-2"));
        await Eventually.True(() => _partner.Answered.Count == 2, TimeSpan.FromSeconds(10), "the partner answers both");
        _partner.Silent = true;
        Assert.StartsWith("250", await ForwardAsync("T-unanswered"));

        var row = await SummaryRowAsync(viewer, r => r.GetProperty("missing").GetInt64() == 1 && r.GetProperty("answered").GetInt64() == 2,
            "two answered with an error, one missing after the 4 s timeout");
        Assert.Equal(3, row.GetProperty("sent").GetInt64());
        Assert.Equal(2, row.GetProperty("statuses").GetProperty("Error-service-denied").GetInt64());
        Assert.Equal(2, row.GetProperty("errors").GetInt64());

        // The search: by MSISDN with the 00 prefix, by state, by Transaction-ID with its quotes.
        var byMsisdn = await viewer.GetFromJsonAsync<JsonElement>("/api/mm4/ledger?msisdn=004512345678");
        Assert.Equal(3, byMsisdn.GetProperty("entries").GetArrayLength());
        var missing = await viewer.GetFromJsonAsync<JsonElement>($"/api/mm4/ledger?operator={Partner}&state=missing");
        var entry = Assert.Single(missing.GetProperty("entries").EnumerateArray());
        Assert.Equal("T-unanswered", entry.GetProperty("transactionId").GetString());
        var refused = await viewer.GetFromJsonAsync<JsonElement>("/api/mm4/ledger?transactionId=%22T-refused-1%22&recipient=%2B4512345678");
        var answered = Assert.Single(refused.GetProperty("entries").EnumerateArray());
        Assert.Equal(("Answered", "Error-service-denied"), (answered.GetProperty("state").GetString(), answered.GetProperty("responseStatus").GetString()));
        Assert.NotNull(answered.GetProperty("responseQueueId").GetString());
        var chain = await viewer.GetFromJsonAsync<JsonElement>($"/api/mm4/ledger/{answered.GetProperty("id").GetInt64()}");
        Assert.Equal("T-refused-1", chain.GetProperty("entry").GetProperty("transactionId").GetString());
        var byQueue = await viewer.GetFromJsonAsync<JsonElement>($"/api/queue/{answered.GetProperty("queueId").GetString()}/mm4");
        Assert.Equal("T-refused-1", Assert.Single(byQueue.EnumerateArray()).GetProperty("transactionId").GetString());

        // The dashboard: the partner's chip and banner say what SMTP did not.
        var watch = app.Services.GetRequiredService<Mm4Watch>();
        await Eventually.True(() => watch.Get(Partner)?.Level == Mm4Level.Critical, TimeSpan.FromSeconds(10), "two of two refused is critical");
        var alerts = app.Services.GetRequiredService<GatewayStats>().Peek().Alerts;
        Assert.Contains(alerts, a => a.Contains($"{Partner}: 2 of the last 2 forwards answered Error-service-denied", StringComparison.Ordinal));

        using var admin = app.CreateClient();
        var text = await admin.GetStringAsync("/metrics");
        (string, string)[] labels = [("operator", Partner), ("direction", "outbound"), ("type", "MM4_forward.REQ")];
        Assert.Equal(3, PrometheusText.Value(text, "mm4_transactions_total", labels));
        Assert.Equal(2, PrometheusText.Value(text, "mm4_responses_total", [.. labels, ("status", "Error-service-denied")]));
        Assert.Equal(1, PrometheusText.Value(text, "mm4_responses_missing_total", labels));
        Assert.Equal(2, PrometheusText.Value(text, "mm4_response_latency_seconds_count", labels));
        Assert.Equal(0, PrometheusText.Value(text, "mm4_ledger_degraded"));
        var ready = await (await app.AnonymousClient().GetAsync("/readyz")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("ok:", ready.GetProperty("checks").GetProperty("ledger").GetString());
    }

    [Fact]
    public async Task A_ledger_that_cannot_be_written_is_said_mail_flows_and_it_catches_up_when_it_can()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "not-yet");
        // A directory that is not there: SQLite cannot open the ledger until it is made.
        var app = Start(new() { ["ConnectionStrings:Ledger"] = $"Data Source={Path.Combine(missing, "ledger.db")}" });
        using var admin = app.CreateClient();

        Assert.StartsWith("250", await ForwardAsync("T-while-down"));
        await Eventually.True(() => _partner.Sink.Messages.Count == 1, TimeSpan.FromSeconds(10), "the forward is delivered without the ledger");
        var ready = await admin.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.StartsWith("degraded: the MM4 ledger cannot be written", ready.GetProperty("checks").GetProperty("ledger").GetString());
        Assert.Equal(1, PrometheusText.Value(await admin.GetStringAsync("/metrics"), "mm4_ledger_degraded"));
        using var summary = await admin.GetAsync("/api/mm4/summary");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
        Assert.Contains("Mail is not affected", await summary.Content.ReadAsStringAsync());

        Directory.CreateDirectory(missing);
        var row = await SummaryRowAsync(admin, r => r.GetProperty("answered").GetInt64() == 1, "the kept observations are written once the database opens");
        Assert.Equal(1, row.GetProperty("sent").GetInt64());
        Assert.Equal(0, PrometheusText.Value(await admin.GetStringAsync("/metrics"), "mm4_ledger_degraded"));
    }

    [Theory]
    [InlineData("/api/mm4/ledger?msisdn=anna", "msisdn")]
    [InlineData("/api/mm4/ledger?state=Lost", "state")]
    [InlineData("/api/mm4/ledger?direction=sideways", "direction")]
    [InlineData("/api/mm4/ledger?type=MM4_fax.REQ", "type")]
    [InlineData("/api/mm4/ledger?from=yesterday", "from")]
    [InlineData("/api/mm4/ledger?from=2026-12-02T10:00:00Z&to=2026-12-02T09:00:00Z", "to")]
    [InlineData("/api/mm4/ledger?lint=maybe", "lint")]
    [InlineData("/api/mm4/ledger?take=0", "take")]
    [InlineData("/api/mm4/ledger?cursor=yesterday", "cursor")]
    [InlineData("/api/mm4/summary?hours=0", "hours")]
    public async Task A_bad_search_is_a_problem_naming_the_field(string url, string field)
    {
        using var viewer = Start().ClientAs(ConsoleRole.Viewer);

        using var response = await viewer.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_ledger_needs_a_signed_in_user()
    {
        using var anonymous = Start().AnonymousClient();

        using var response = await anonymous.GetAsync("/api/mm4/ledger");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _partner.DisposeAsync();
        await _mmsc.DisposeAsync();
    }
}
