using System.Text;
using MmsGateway.Relay.Ledger;
using static MmsConsole.Web.Metrics.PrometheusEndpoint;

namespace MmsConsole.Web.Metrics;

/// <summary>The mm4_* series of the transaction ledger (issue 14): what this node wrote, by operator and direction.</summary>
internal static class Mm4Metrics
{
    public static void Render(StringBuilder w, LedgerWriter ledger)
    {
        var totals = ledger.Totals.Snapshot()
            .Select(t => (t.Partner, Direction: t.Direction.ToString().ToLowerInvariant(), Split: LedgerCounter.Split(t.Name), t.Value)).ToList();
        IEnumerable<(string Partner, string Direction, string Transaction, string Name, long Value)> Named(Func<string, bool> match) =>
            totals.Where(t => match(t.Split.Name)).Select(t => (t.Partner, t.Direction, t.Split.Transaction, t.Split.Name, t.Value));
        (string, string)[] Labels(string partner, string direction, string transaction) =>
            [("operator", partner), ("direction", direction), ("type", transaction + ".REQ")];

        Family(w, "mm4_transactions_total", "counter", "MM4 REQs accepted (first copies; resends apart), by operator, direction and type.");
        foreach (var t in Named(n => n == LedgerCounter.Accepted)) Line(w, "mm4_transactions_total", Labels(t.Partner, t.Direction, t.Transaction), t.Value);
        Family(w, "mm4_transactions_resent_total", "counter", "Copies of an MM4 REQ accepted again with the same Transaction-ID.");
        foreach (var t in Named(n => n == LedgerCounter.Resent)) Line(w, "mm4_transactions_resent_total", Labels(t.Partner, t.Direction, t.Transaction), t.Value);
        Family(w, "mm4_responses_total", "counter", "MM4 RESes that answered a REQ (in time or late), by X-Mms-Request-Status-Code.");
        foreach (var t in Named(n => n.StartsWith("status:", StringComparison.Ordinal)))
            Line(w, "mm4_responses_total", [.. Labels(t.Partner, t.Direction, t.Transaction), ("status", t.Name["status:".Length..])], t.Value);
        foreach (var (name, counter, help) in new[]
        {
            ("mm4_responses_missing_total", LedgerCounter.Missing, "MM4 REQs whose RES did not come within the operator's response timeout."),
            ("mm4_responses_late_total", LedgerCounter.Late, "MM4 RESes that came after the timeout (each also counted missing once)."),
            ("mm4_responses_unmatched_total", LedgerCounter.Unmatched, "MM4 RESes that matched no REQ (still relayed)."),
            ("mm4_delivery_reports_total", LedgerCounter.ReportsReceived, "MM4 delivery reports that joined a forward."),
        })
        {
            Family(w, name, "counter", help);
            foreach (var t in Named(n => n == counter)) Line(w, name, Labels(t.Partner, t.Direction, t.Transaction), t.Value);
        }

        Family(w, "mm4_response_latency_seconds", "histogram", "From a REQ's hand-over to its RES's arrival.");
        foreach (var g in totals.Where(t => t.Split.Name.StartsWith("latency:", StringComparison.Ordinal) || t.Split.Name == LedgerCounter.LatencySumMs)
                     .GroupBy(t => (t.Partner, t.Direction, t.Split.Transaction)))
        {
            var labels = Labels(g.Key.Partner, g.Key.Direction, g.Key.Transaction);
            var buckets = g.Where(t => t.Split.Name != LedgerCounter.LatencySumMs)
                .ToDictionary(t => LatencyBuckets.Parse(t.Split.Name["latency:".Length..]), t => t.Value);
            long cumulative = 0;
            foreach (var bound in LatencyBuckets.Bounds)
            {
                cumulative += buckets.GetValueOrDefault(bound);
                Line(w, "mm4_response_latency_seconds_bucket", [.. labels, ("le", LatencyBuckets.Label(bound))], cumulative);
            }
            Line(w, "mm4_response_latency_seconds_sum", labels, g.Where(t => t.Split.Name == LedgerCounter.LatencySumMs).Sum(t => t.Value) / 1000.0);
            Line(w, "mm4_response_latency_seconds_count", labels, cumulative);
        }

        Family(w, "mm4_lint_findings_total", "counter", "MM4 lint findings, by operator, direction and rule (each message counted once per rule).");
        foreach (var t in Named(n => n.StartsWith("lint:", StringComparison.Ordinal)))
            Line(w, "mm4_lint_findings_total", [("operator", t.Partner), ("direction", t.Direction), ("rule", t.Name["lint:".Length..])], t.Value);

        Family(w, "mm4_ledger_degraded", "gauge", "1 while the MM4 ledger cannot be written (observations wait in a bounded buffer; mail is not affected).");
        Line(w, "mm4_ledger_degraded", [], ledger.Problem is null ? 0 : 1);
        Family(w, "mm4_ledger_pending", "gauge", "Observations waiting to be written to the ledger.");
        Line(w, "mm4_ledger_pending", [], ledger.Pending);
        Family(w, "mm4_ledger_written_total", "counter", "Observations written to the ledger.");
        Line(w, "mm4_ledger_written_total", [], ledger.Written);
        Family(w, "mm4_ledger_dropped_total", "counter", "Observations dropped because the ledger could not be written for too long.");
        Line(w, "mm4_ledger_dropped_total", [], ledger.Dropped);
    }
}
