using System.Diagnostics;
using System.Diagnostics.Metrics;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Telemetry;

/// <summary>The mm4_* series of the transaction ledger (issue 14): what this node wrote since it started, by
/// operator, direction and REQ type, read from the ledger's running totals when a reader collects.</summary>
internal static class Mm4Instruments
{
    // The forwards' counters that alerts take increase() or rate() of: at 0 for every operator of the rules (ZeroSeries).
    private static readonly string[] ZeroFirst = [LedgerCounter.Accepted, LedgerCounter.Missing, LedgerCounter.Late];

    public static void Create(Meter meter, LedgerWriter ledger, MetricLabels labels, Func<IEnumerable<string>> operators)
    {
        IEnumerable<(string Partner, TrafficDirection Direction, string Name, long Value)> Totals() =>
            ZeroSeries.With(ledger.Totals.Snapshot().Select(t => ((t.Partner, t.Direction, t.Name), t.Value)),
                    operators().SelectMany(op => ZeroFirst.SelectMany(name =>
                        new[] { TrafficDirection.Outbound, TrafficDirection.Inbound }.Select(d => (op, d, name)))))
                .Select(t => (t.Key.Item1, t.Key.Item2, t.Key.Item3, t.Value));

        IEnumerable<Measurement<long>> Named(Func<string, bool> match, Func<string, (string, object?)[]>? extra = null) =>
            Totals()
                .Select(t => (t.Partner, t.Direction, Split: LedgerCounter.Split(t.Name), t.Value))
                .Where(t => match(t.Split.Name))
                .Select(t => new Measurement<long>(t.Value, Labels(labels, t.Partner, t.Direction, t.Split.Transaction, extra?.Invoke(t.Split.Name) ?? [])));

        meter.CreateObservableCounter("mm4_transactions_total", () => Named(n => n == LedgerCounter.Accepted),
            null, "MM4 REQs accepted (first copies; resends apart), by operator, direction and type.");
        meter.CreateObservableCounter("mm4_transactions_resent_total", () => Named(n => n == LedgerCounter.Resent),
            null, "Copies of an MM4 REQ accepted again with the same Transaction-ID.");
        meter.CreateObservableCounter("mm4_responses_total", () => Named(n => n.StartsWith("status:", StringComparison.Ordinal),
            n => [("status", n["status:".Length..])]), null, "MM4 RESes that answered a REQ (in time or late), by X-Mms-Request-Status-Code.");
        foreach (var (name, counter, help) in new[]
        {
            ("mm4_responses_missing_total", LedgerCounter.Missing, "MM4 REQs whose RES did not come within the operator's response timeout."),
            ("mm4_responses_late_total", LedgerCounter.Late, "MM4 RESes that came after the timeout (each also counted missing once)."),
            ("mm4_responses_unmatched_total", LedgerCounter.Unmatched, "MM4 RESes that matched no REQ (still relayed)."),
            ("mm4_delivery_reports_total", LedgerCounter.ReportsReceived, "MM4 delivery reports that joined a forward."),
        })
            meter.CreateObservableCounter(name, () => Named(n => n == counter), null, help);

        // Lint counts per rule, not per REQ type: a finding is about the message, whatever it carries.
        meter.CreateObservableCounter("mm4_lint_findings_total", () => ledger.Totals.Snapshot()
                .Where(t => t.Name.StartsWith("lint:", StringComparison.Ordinal))
                .Select(t => new Measurement<long>(t.Value, labels.Of(("operator", t.Partner), ("direction", Direction(t.Direction)), ("rule", t.Name["lint:".Length..])))),
            null, "MM4 lint findings, by operator, direction and rule (each message counted once per rule).");

        meter.CreateObservableGauge("mm4_ledger_degraded", () => new Measurement<int>(ledger.Problem is null ? 0 : 1, labels.Of()),
            null, "1 while the MM4 ledger cannot be written (observations wait in a bounded buffer; mail is not affected).");
        meter.CreateObservableGauge("mm4_ledger_pending", () => new Measurement<int>(ledger.Pending, labels.Of()), null, "Observations waiting to be written to the ledger.");
        meter.CreateObservableCounter("mm4_ledger_written_total", () => new Measurement<long>(ledger.Written, labels.Of()), null, "Observations written to the ledger.");
        meter.CreateObservableCounter("mm4_ledger_dropped_total", () => new Measurement<long>(ledger.Dropped, labels.Of()),
            null, "Observations dropped because the ledger could not be written for too long.");
    }

    public static TagList Labels(MetricLabels labels, string partner, TrafficDirection direction, string transaction,
        params ReadOnlySpan<(string, object?)> extra) =>
        labels.Of([("operator", partner), ("direction", Direction(direction)), ("type", transaction + ".REQ"), .. extra]);

    private static string Direction(TrafficDirection d) => d.ToString().ToLowerInvariant();
}
