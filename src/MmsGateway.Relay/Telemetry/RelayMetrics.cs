using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.MailLog;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Routing;
using MmsGateway.Relay.Smtp;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Telemetry;

/// <summary>The relay's instruments on the <see cref="MeterName"/> meter (System.Diagnostics.Metrics):
/// <c>dotnet-counters monitor --counters MmsGateway</c> shows them live, and the console exports them at
/// /metrics. Names are the Prometheus series names the dashboards and alert rules already use.</summary>
/// <remarks>What the relay counts anyway (SMTP sessions, the mail log, the ledger) is read when a reader
/// collects, so the accept path pays nothing new; what happens per event (an acceptance, an attempt, a
/// latency) is recorded from the event streams the console reads too. Operator labels come from the
/// rules in force, so their number is bounded by the registry.</remarks>
public sealed class RelayMetrics : IHostedService
{
    public const string MeterName = "MmsGateway";

    /// <summary>Seconds: from a quick local hand-off to a day in the queue of an operator that was down.</summary>
    public static readonly IReadOnlyList<double> DeliveryLatencyBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400];

    private readonly MetricLabels _labels;
    private readonly LiveRules _rules;
    private readonly QueueChangeFeed _changes;
    private readonly DeliveryFeed _deliveries;
    private readonly LedgerWriter? _ledger;
    private static readonly string[] Outcomes = ["delivered", "deferred", "bounced"];
    // Counted here and read when a reader collects (not Counter<T>.Add, whose series start at the first
    // measurement), so that every operator of the rules has its series from the start at 0 (ZeroSeries).
    private readonly ConcurrentDictionary<string, StrongBox<long>> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Operator, string Outcome), StrongBox<long>> _attempts = new();
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _responseLatency;
    private readonly List<IDisposable> _subscriptions = [];

    public RelayMetrics(IMeterFactory meters, MetricLabels labels, LiveRules rules, QueueChangeFeed changes, DeliveryFeed deliveries,
        SmtpListener smtp, MailLogWriter mailLog, LedgerWriter? ledger = null, MessageSpool? spool = null)
    {
        _labels = labels;
        _rules = rules;
        _changes = changes;
        _deliveries = deliveries;
        _ledger = ledger;
        var meter = meters.Create(MeterName);

        meter.CreateObservableCounter("mm4_accepted_messages_total", AcceptedMeasurements, null,
            "Messages accepted (answered 250 after DATA), by destination operator.");
        meter.CreateObservableCounter("mm4_delivery_attempts_total", AttemptMeasurements, null,
            "Delivery attempts per recipient, by operator and outcome (delivered, deferred, bounced).");
        _latency = meter.CreateHistogram("mm4_delivery_latency_seconds", "s", "Time from acceptance to delivery, by operator.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = DeliveryLatencyBuckets });

        var counters = smtp.Counters;
        meter.CreateObservableCounter("mm4_rejected_recipients_total", () => ZeroSeries.With(counters.RefusedRecipients.Select(r => (r.Key, r.Value)), KnownOperators())
                .Select(r => Measure(r.Value, "operator", r.Key)),
            null, "Recipients refused at RCPT by policy, by destination operator.");
        meter.CreateObservableGauge("mm4_smtp_sessions_active", () => Measure(smtp.ActiveSessions), null, "Inbound SMTP sessions open now.");
        meter.CreateObservableCounter("mm4_smtp_sessions_total", () => Measure(counters.Sessions), null, "Inbound SMTP sessions accepted.");
        meter.CreateObservableCounter("mm4_smtp_sessions_refused_total", () => (Measurement<long>[])
            [Measure(counters.SessionsOverLimit, "limit", "total"), Measure(counters.SessionsOverClientLimit, "limit", "per_client")],
            null, "Connections refused with 421, by limit (Gateway:Smtp:MaxConnections, MaxConnectionsPerClient).");
        meter.CreateObservableCounter("mm4_smtp_tls_sessions_total", () => counters.TlsSessions.Select(t => Measure(t.Value, "protocol", t.Key)),
            null, "Inbound sessions that completed STARTTLS, by protocol.");
        meter.CreateObservableCounter("mm4_smtp_tls_handshake_failures_total", () => Measure(counters.TlsHandshakesFailed),
            null, "Inbound STARTTLS handshakes that failed (the session is closed).");
        meter.CreateObservableGauge("mm4_smtp_data_memory_bytes", () => Measure(smtp.DataBudget.Used), "By",
            "Bytes of messages being received held in memory, all sessions (Gateway:Smtp:DataMemoryBudget).");
        meter.CreateObservableGauge("mm4_smtp_data_memory_budget_bytes", () => Measure(smtp.DataBudget.Limit), "By", "The budget for mm4_smtp_data_memory_bytes.");

        meter.CreateObservableCounter("mm4_maillog_lines_written_total", () => Measure(mailLog.LinesWritten), null, "Lines written to the mail log (data/log/maillog).");
        meter.CreateObservableCounter("mm4_maillog_lines_dropped_total", () => Measure(mailLog.LinesDropped),
            null, "Mail log lines dropped because the file could not be written for too long.");
        meter.CreateObservableCounter("mm4_maillog_write_failures_total", () => Measure(mailLog.Failures), null, "Batches the mail log could not write (each retried).");
        if (spool is not null)
            meter.CreateObservableCounter("mm4_spool_fsyncs_total", () => Measure(spool.Syncs), null,
                "fsyncs of the spool's segment files: one per group commit (a batch of accepted messages or of state changes).");

        _responseLatency = meter.CreateHistogram("mm4_response_latency_seconds", "s", "From a REQ's hand-over to its RES's arrival.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [.. LatencyBuckets.Bounds.Where(double.IsFinite)] });
        if (ledger is not null) Mm4Instruments.Create(meter, ledger, labels, KnownOperators);
    }

    private string OperatorOf(string domain) =>
        _rules.Current.Resolve(domain) is { } r ? OperatorOf(r) : "unrouted";

    private static string OperatorOf(Route r) => r.Operator ?? (r.Local ? "local" : r.Key);

    /// <summary>The partners of the rules in force, as the operator label names them (our own domains apart).</summary>
    private IEnumerable<string> KnownOperators() => _rules.Current.Routing.Routes.Where(r => !r.Local).Select(OperatorOf).Distinct(StringComparer.Ordinal);

    private IEnumerable<Measurement<long>> AcceptedMeasurements() =>
        ZeroSeries.With(_accepted.Select(p => (p.Key, Volatile.Read(ref p.Value.Value))), KnownOperators())
            .Select(a => Measure(a.Value, "operator", a.Key));

    private IEnumerable<Measurement<long>> AttemptMeasurements() =>
        ZeroSeries.With(_attempts.Select(p => (p.Key, Volatile.Read(ref p.Value.Value))), KnownOperators().SelectMany(op => Outcomes.Select(o => (Operator: op, Outcome: o))))
            .Select(a => new Measurement<long>(a.Value, _labels.Of(("operator", a.Key.Operator), ("outcome", a.Key.Outcome))));

    private static void Count<TKey>(ConcurrentDictionary<TKey, StrongBox<long>> totals, TKey key) where TKey : notnull =>
        Interlocked.Increment(ref totals.GetOrAdd(key, _ => new()).Value);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_subscriptions)
        {
            _subscriptions.Add(_changes.Subscribe(new FeedObserver<QueueChange>(OnChange)));
            _subscriptions.Add(_deliveries.Subscribe(new FeedObserver<DeliveryAttempt>(OnAttempt)));
        }
        if (_ledger is not null) _ledger.Totals.Latency += OnResponse;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_ledger is not null) _ledger.Totals.Latency -= OnResponse;
        // The host may stop while another thread still starts (a test that ends at once).
        IDisposable[] subscriptions;
        lock (_subscriptions)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }
        foreach (var s in subscriptions) s.Dispose();
        return Task.CompletedTask;
    }

    private void OnChange(QueueChange c)
    {
        if (c.Kind != QueueChangeKind.Queued) return;
        foreach (var op in (c.Destinations ?? []).Select(OperatorOf).Distinct()) Count(_accepted, op);
    }

    private void OnAttempt(DeliveryAttempt a)
    {
        var op = OperatorOf(a.Domain);
        Count(_attempts, (op, Outcome(a.Outcome)));
        if (a.Outcome == OutcomeKind.Delivered) _latency.Record(a.Delay.TotalSeconds, _labels.Of(("operator", op)));
    }

    private void OnResponse(string partner, TrafficDirection direction, string transaction, double seconds) =>
        _responseLatency.Record(seconds, Mm4Instruments.Labels(_labels, partner, direction, transaction));

    private static string Outcome(OutcomeKind k) => k switch { OutcomeKind.Delivered => "delivered", OutcomeKind.Deferred => "deferred", _ => "bounced" };

    private Measurement<long> Measure(long value) => new(value, _labels.Of());

    private Measurement<long> Measure(long value, string key, string label) => new(value, _labels.Of((key, label)));
}
