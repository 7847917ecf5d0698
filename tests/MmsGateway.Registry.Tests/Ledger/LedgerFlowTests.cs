using System.Text;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Policy;
using MmsGateway.Testing;

namespace MmsGateway.Registry.Tests.Ledger;

/// <summary>The MM4 ledger end to end over real sockets: our MMSC → gateway → partner, and the partner's
/// RES (or silence, or a report) back through the gateway to our MMSC.</summary>
public abstract class LedgerFlowTests(RegistryProvider provider)
{
    [Fact]
    public async Task A_forward_answered_by_the_partner_is_answered_with_its_status_and_latency()
    {
        await using var g = await LedgerGateway.StartAsync(provider);
        g.Partner.Delay = TimeSpan.FromMilliseconds(300);
        g.Partner.Status = "Error-service-denied";
        var queueId = await g.ForwardAsync("T-answer");
        var row = await g.RowAsync("T-answer", r => r.State == TransactionState.Answered, "the RES answers the REQ");
        Assert.Equal("Error-service-denied", row.ResponseStatus);
        Assert.Equal("Error-service-denied from mms.mnc002.mcc238.gprs", row.ResponseText);
        Assert.Equal(queueId, row.QueueId);
        Assert.InRange(row.LatencyMs!.Value, 250, 10_000);
        Assert.Equal((LedgerGateway.PartnerDomain, TrafficDirection.Outbound), (row.Partner, row.Direction));
        Assert.Equal(("+4587654321", "4512345678"), (row.Sender, row.RecipientKey));
        var summary = await g.SummaryAsync(s => s.Answered == 1, "the summary counts the answer");
        Assert.Equal((1, 1, 0L), (summary.Sent, summary.Statuses["Error-service-denied"], summary.Missing));
        Assert.Equal(1, summary.Errors);
        Assert.NotNull(summary.LatencyP50);
        // The RES itself was relayed to our MMSC, as any mail.
        await Eventually.True(() => g.Mmsc.Messages.Count == 1, TimeSpan.FromSeconds(10), "the RES reaches our MMSC");
    }

    [Fact]
    public async Task A_silent_partner_goes_missing_and_its_late_res_is_late()
    {
        await using var g = await LedgerGateway.StartAsync(provider, LedgerGateway.ShortResponseTimeout);
        g.Partner.Silent = true;
        await g.ForwardAsync("T-silent");
        await g.RowAsync("T-silent", r => r.State == TransactionState.AwaitingResponse, "handed over, awaiting the RES");
        var missing = await g.RowAsync("T-silent", r => r.State == TransactionState.Missing, "no RES within the timeout");
        Assert.True(missing.Deadline - missing.HandedOverAt == (long)LedgerGateway.ShortResponseTimeout.TotalMilliseconds);
        var (tid, mid, replyTo) = Assert.Single(g.Partner.Received);
        await g.Partner.AnswerAsync(tid, mid, replyTo, "Ok");
        var late = await g.RowAsync("T-silent", r => r.State == TransactionState.Late, "the RES after the timeout is late");
        Assert.Equal("Ok", late.ResponseStatus);
        var summary = await g.SummaryAsync(s => s.Late == 1, "counted late once");
        Assert.Equal((1, 1, 0), (summary.Missing, summary.Late, summary.Answered));
    }

    [Fact]
    public async Task A_delivery_report_joins_its_forward()
    {
        await using var g = await LedgerGateway.StartAsync(provider);
        var request = Encoding.ASCII.GetString(Mm4Samples.ForwardRequest("T-report"))
            .Replace("X-Mms-Ack-Request: Yes\r\n", "X-Mms-Ack-Request: Yes\r\nX-Mms-Delivery-Report: Yes\r\n");
        await g.ForwardAsync("T-report", Encoding.ASCII.GetBytes(request));
        var row = await g.RowAsync("T-report", r => r.State == TransactionState.Answered, "answered");
        await g.Partner.ReportAsync($"<{row.MessageId}>", Mm4Samples.Sender, "Retrieved");
        row = await g.RowAsync("T-report", r => r.ReportStatus is not null, "the report joins the forward");
        Assert.Equal("Retrieved", row.ReportStatus);
        var summary = await g.SummaryAsync(s => s.ReportsReceived == 1, "the report rate counts it");
        Assert.Equal(1.0, summary.ReportRate);
        Assert.Equal(1, summary.Reports["Retrieved"]);
    }

    [Fact]
    public async Task A_res_that_matches_nothing_is_unmatched_and_still_relayed()
    {
        await using var g = await LedgerGateway.StartAsync(provider);
        await g.Partner.AnswerAsync("T-nobody-sent", "M-nobody", "system-user@" + LedgerGateway.OurDomain, "Ok");
        IReadOnlyList<LedgerRow> rows = [];
        await Eventually.True(async () => (rows = await g.Ledger.SearchAsync(new LedgerQuery(TransactionId: "T-nobody-sent"))).Count == 1,
            TimeSpan.FromSeconds(10), "the RES is in the ledger");
        Assert.Equal((TransactionState.Unmatched, true, TrafficDirection.Inbound), (rows[0].State, rows[0].IsResponse, rows[0].Direction));
        await g.SummaryAsync(s => s.Unmatched == 1, "counted with the forwards it would have answered");
        await Eventually.True(() => g.Mmsc.Messages.Count == 1, TimeSpan.FromSeconds(10), "relayed to our MMSC all the same");
    }

    [Fact]
    public async Task A_req_with_lint_findings_passes_byte_exact_and_is_counted()
    {
        await using var g = await LedgerGateway.StartAsync(provider);
        var bad = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Mm4Samples.ForwardRequest("T-lint"))
            .Replace("X-Mms-3GPP-MMS-Version: 6.3.0", "X-Mms-3GPP-MMS-Version: 6.3")
            .Replace("To: +4512345678/TYPE=PLMN", "To: +4512345678/type=plmn"));
        await g.ForwardAsync("T-lint", Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(bad).Replace("\r\n.", "\r\n..")));   // dot-stuffed on the wire
        await Eventually.True(() => g.Partner.Sink.Messages.Count == 1, TimeSpan.FromSeconds(10), "delivered");
        Assert.Equal(bad, Mm4Samples.AfterReceivedHeader(g.Partner.Sink.Messages.Single().Data));
        var row = await g.RowAsync("T-lint", r => r.Lint is not null, "findings recorded");
        Assert.Contains("version-format", row.Lint);
        Assert.Contains("type-not-upper-case", row.Lint);
        var summary = await g.SummaryAsync(s => s.LintFindings == 2, "counted per rule");
        Assert.Equal((1, 1), (summary.Lint["version-format"], summary.Lint["type-not-upper-case"]));
    }

    [Fact]
    public async Task Reject_mode_refuses_a_finding_with_554_naming_the_rule()
    {
        await using var g = await LedgerGateway.StartAsync(provider);
        var rules = g.Gateway.Rules;
        var partnerRoute = rules.Current.Resolve(LedgerGateway.PartnerDomain)!;
        rules.Apply(rules.Overlay with { Routes = [.. rules.Overlay.Routes, partnerRoute with { LintReject = true, Operator = "Partner" }] });
        var bad = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Mm4Samples.ForwardRequest("T-reject")).Replace("X-Mms-3GPP-MMS-Version: 6.3.0", "X-Mms-3GPP-MMS-Version: six"));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => g.ForwardAsync("T-reject", bad));
        Assert.Contains("554 5.6.0", refused.Message);
        Assert.Contains("version-format", refused.Message);
        Assert.NotEmpty(await g.ForwardAsync("T-clean"));      // a clean forward passes
        await g.RowAsync("T-clean", r => r.State == TransactionState.Answered, "and is in the ledger");
        Assert.Empty(await g.Ledger.SearchAsync(new LedgerQuery(TransactionId: "T-reject")));
    }

    [Fact]
    public async Task The_ledger_and_its_timers_survive_a_restart()
    {
        await using var g = await LedgerGateway.StartAsync(provider, LedgerGateway.ShortResponseTimeout);
        g.Partner.Silent = true;
        g.Partner.Sink.GoDown();
        await g.ForwardAsync("T-restart");
        await g.RowAsync("T-restart", r => r.State == TransactionState.Undelivered, "queued while the partner is down");
        await g.RestartAsync();
        g.Partner.Sink.Up();
        // The hand-over after the restart is noticed (the REQ was queued before it), and the deadline it sets
        // runs out in the new process.
        await g.RowAsync("T-restart", r => r.State == TransactionState.AwaitingResponse, "handed over after the restart");
        await g.RestartAsync();
        await g.RowAsync("T-restart", r => r.State == TransactionState.Missing, "missing, by the stored deadline");
        var (tid, mid, replyTo) = Assert.Single(g.Partner.Received);
        await g.Partner.AnswerAsync(tid, mid, replyTo, "Ok");
        await g.RowAsync("T-restart", r => r.State == TransactionState.Late, "late, after two restarts");
    }
}

public sealed class LedgerFlowOnSqlite() : LedgerFlowTests(RegistryProvider.Sqlite);

public sealed class LedgerFlowOnPostgres() : LedgerFlowTests(RegistryProvider.Postgres);
