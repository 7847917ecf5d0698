using System.Net;
using System.Text.RegularExpressions;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Api;

/// <summary>/metrics moves with traffic; /readyz and /healthz answer probes without a user.</summary>
public sealed partial class MetricsTests
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs", From = "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs";

    private static double Value(string metrics, string name, params (string, string)[] labels) => PrometheusText.Value(metrics, name, labels) ?? 0;

    [Fact]
    public async Task Counters_gauges_and_the_latency_histogram_follow_the_traffic_per_operator()
    {
        await using var sink = SmtpSink.Start();
        await using var app = new GatewayAppFactory(new Dictionary<string, string> { ["Gateway:Delivery:Enabled"] = "true" });
        using var http = app.CreateClient();
        var two = await (await http.Post("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { sink.Hop } })).Json();
        var before = await http.GetStringAsync("/metrics");

        for (var i = 0; i < 2; i++)
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(app.Smtp, From, $"+451234567{i}/TYPE=PLMN@{Mnc002}", "To: +4512345678/TYPE=PLMN\r\n\r\nhello"));
        await Eventually.True(() => sink.Messages.Count == 2, TimeSpan.FromSeconds(10), "both reach the sink");
        await http.Post($"/api/operators/{two.GetProperty("id").GetInt32()}/status", new { status = "RejectingPermanently", reason = "test" });
        Assert.StartsWith("550", await RawSmtp.SendMessageAsync(app.Smtp, From, $"+4599999999/TYPE=PLMN@{Mnc002}", "hello"));
        await http.Post($"/api/operators/{two.GetProperty("id").GetInt32()}/status", new { status = "Holding", reason = "test" });
        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(app.Smtp, From, $"+4588888888/TYPE=PLMN@{Mnc002}", "hello"));
        var after = "";
        await Eventually.True(async () => Value(after = await http.GetStringAsync("/metrics"), "mm4_queue_recipients", ("operator", "Two"), ("state", "held")) == 1,
            TimeSpan.FromSeconds(5), "the held message shows as a held recipient of Two");

        // Every operator has its series from the start, at 0: Prometheus sees no increase in a series born at 1,
        // so a partner's first failure or first missing RES would be invisible to rate() and to the alerts.
        Assert.Equal((double?)0, PrometheusText.Value(before, "mm4_accepted_messages_total", ("operator", "Two")));
        foreach (var outcome in new[] { "delivered", "deferred", "bounced" })
            Assert.Equal((double?)0, PrometheusText.Value(before, "mm4_delivery_attempts_total", ("operator", "Two"), ("outcome", outcome)));
        Assert.Equal((double?)0, PrometheusText.Value(before, "mm4_rejected_recipients_total", ("operator", "Two")));
        Assert.Equal((double?)0, PrometheusText.Value(before, "mm4_responses_missing_total", ("operator", "Two"), ("direction", "outbound"), ("type", "MM4_forward.REQ")));
        Assert.Equal((double?)0, PrometheusText.Value(before, "mm4_transactions_total", ("operator", "Two"), ("direction", "inbound"), ("type", "MM4_forward.REQ")));
        Assert.Equal(3, Value(after, "mm4_accepted_messages_total", ("operator", "Two")));
        Assert.Equal(2, Value(after, "mm4_delivery_attempts_total", ("operator", "Two"), ("outcome", "delivered")));
        Assert.Equal(1, Value(after, "mm4_rejected_recipients_total", ("operator", "Two")));
        Assert.Equal(1, Value(after, "mm4_operator_status", ("operator", "Two"), ("status", "Holding")));
        Assert.Equal(2, Value(after, "mm4_delivery_latency_seconds_count", ("operator", "Two")));
        Assert.Equal(2, Value(after, "mm4_delivery_latency_seconds_bucket", ("operator", "Two"), ("le", "+Inf")));
        Assert.True(Value(after, "mm4_queue_oldest_seconds", ("operator", "Two")) >= 0);
        Assert.True(Value(after, "mm4_smtp_sessions_total") >= 4);
        Assert.Equal(0, Value(after, "mm4_smtp_sessions_refused_total", ("limit", "per_client")));
        Assert.Equal(0, Value(after, "mm4_smtp_data_memory_bytes"));
        Assert.Equal(256 * 1024 * 1024, Value(after, "mm4_smtp_data_memory_budget_bytes"));
        Assert.True(Value(after, "mm4_spool_fsyncs_total") >= 3, "each 250 followed an fsync");
        Assert.Matches(TypeLine(), after);
        Assert.DoesNotContain("+4512345670", after);
    }

    [Fact]
    public async Task Readyz_reports_queue_registry_and_listeners_and_needs_no_user()
    {
        await using var app = new GatewayAppFactory();
        using var probe = app.AnonymousClient();

        var ready = await probe.GetAsync("/readyz");
        var body = await ready.Json();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.StartsWith("ok: spool open", body.GetProperty("checks").GetProperty("queue").GetString());
        Assert.StartsWith("ok: listening on 127.0.0.1:", body.GetProperty("checks").GetProperty("smtp").GetString());
        Assert.StartsWith("ok: revision", body.GetProperty("checks").GetProperty("registry").GetString());
        Assert.Equal("ok", await probe.GetStringAsync("/healthz"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await probe.GetAsync("/metrics")).StatusCode);
    }

    [GeneratedRegex(@"# TYPE mm4_delivery_latency_seconds histogram\n")]
    private static partial Regex TypeLine();
}
