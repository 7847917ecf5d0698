using MmsGateway.Relay.MailLog;
using System.Globalization;
using System.Text;
using MmsConsole.Web.Live;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Smtp;

namespace MmsConsole.Web.Metrics;

/// <summary>GET /metrics in the Prometheus text format (version 0.0.4). Queue gauges are read from
/// the index at scrape time (O(destinations)); counters since the process started. Needs a signed-in
/// user or token (Viewer is enough): Prometheus sends it as <c>authorization: credentials</c>.</summary>
internal static class PrometheusEndpoint
{
    public static void MapMetrics(this WebApplication app) =>
        app.MapGet("/metrics", (GatewayStats stats, DeliveryMetrics delivery, SmtpListener smtp, RegistryPublisher publisher, MailLogWriter mailLog,
            LedgerWriter ledger, MmsGateway.Registry.Nodes.NodeDirectory nodes, MmsGateway.Relay.Hosting.NodeIdentity self) =>
        {
            var text = Render(stats.Peek(), delivery, smtp, publisher, mailLog, ledger);
            // A site's nodes are scraped by one Prometheus: each series says its node (Gateway:Node:Name), whatever
            // address it was scraped at. A single gateway keeps its series as they were.
            return Results.Text(nodes.IsSite ? WithNode(text, self.Name) : text, "text/plain; version=0.0.4; charset=utf-8");
        })
            .WithTags("Operations").WithSummary("Prometheus metrics: queue depth and age per operator, traffic counters, SMTP sessions, delivery latency");

    internal static string Render(GatewaySnapshot s, DeliveryMetrics delivery, SmtpListener smtp, RegistryPublisher publisher, MailLogWriter? mailLog = null,
        LedgerWriter? ledger = null)
    {
        var w = new StringBuilder();
        Family(w, "mm4_registry_revision_in_force", "gauge", "The registry revision the relay's rules were built from.");
        Line(w, "mm4_registry_revision_in_force", [], publisher.Revision);
        Family(w, "mm4_registry_publish_failing", "gauge", "1 while the registry's latest revision cannot be put in force (the relay keeps the last good rules).");
        Line(w, "mm4_registry_publish_failing", [], publisher.Failure is null ? 0 : 1);
        Family(w, "mm4_queue_messages", "gauge", "Messages in the queue.");
        Line(w, "mm4_queue_messages", [], s.Messages);
        Family(w, "mm4_queue_recipients", "gauge", "Recipients queued, by operator and state (ready, deferred, held).");
        foreach (var o in s.Operators)
        {
            Line(w, "mm4_queue_recipients", [("operator", o.Name), ("state", "ready")], o.Ready);
            Line(w, "mm4_queue_recipients", [("operator", o.Name), ("state", "deferred")], o.Deferred);
            Line(w, "mm4_queue_recipients", [("operator", o.Name), ("state", "held")], o.Held);
        }
        Family(w, "mm4_queue_oldest_seconds", "gauge", "Age of the oldest queued message, by operator (0 when none).");
        foreach (var o in s.Operators) Line(w, "mm4_queue_oldest_seconds", [("operator", o.Name)], o.Oldest is { } t ? Math.Max(0, (s.At - t).TotalSeconds) : 0);
        Family(w, "mm4_operator_status", "gauge", "1 for the status an operator is in (Active, Holding, RejectingTemporarily, RejectingPermanently).");
        foreach (var o in s.Operators) Line(w, "mm4_operator_status", [("operator", o.Name), ("status", o.Status.ToString())], 1);
        Family(w, "mm4_operator_health", "gauge", "1 for an operator's measured health (Idle, Delivering, Degraded, Unreachable), beside its status.");
        foreach (var o in s.Operators) Line(w, "mm4_operator_health", [("operator", o.Name), ("health", o.Health.State.ToString())], 1);
        Family(w, "mm4_operator_last_success_timestamp_seconds", "gauge", "Unix time of the last delivery to an operator (0: none in memory).");
        foreach (var o in s.Operators)
            Line(w, "mm4_operator_last_success_timestamp_seconds", [("operator", o.Name)], o.Health.Facts.LastSuccess?.ToUnixTimeSeconds() ?? 0);

        Family(w, "mm4_accepted_messages_total", "counter", "Messages accepted (answered 250 after DATA), by destination operator.");
        foreach (var (op, n) in delivery.Accepted.OrderBy(x => x.Key)) Line(w, "mm4_accepted_messages_total", [("operator", op)], n);
        Family(w, "mm4_rejected_recipients_total", "counter", "Recipients refused at RCPT by policy, by destination operator.");
        foreach (var (op, n) in smtp.Counters.RefusedRecipients.OrderBy(x => x.Key)) Line(w, "mm4_rejected_recipients_total", [("operator", op)], n);
        Family(w, "mm4_delivery_attempts_total", "counter", "Delivery attempts per recipient, by operator and outcome (delivered, deferred, bounced).");
        foreach (var ((op, outcome), n) in delivery.Attempts.OrderBy(x => x.Key.Operator).ThenBy(x => x.Key.Outcome))
            Line(w, "mm4_delivery_attempts_total", [("operator", op), ("outcome", Outcome(outcome))], n);

        Family(w, "mm4_smtp_sessions_active", "gauge", "Inbound SMTP sessions open now.");
        Line(w, "mm4_smtp_sessions_active", [], smtp.ActiveSessions);
        Family(w, "mm4_smtp_sessions_total", "counter", "Inbound SMTP sessions accepted.");
        Line(w, "mm4_smtp_sessions_total", [], smtp.Counters.Sessions);
        Family(w, "mm4_smtp_sessions_refused_total", "counter", "Connections refused with 421, by limit (Gateway:Smtp:MaxConnections, MaxConnectionsPerClient).");
        Line(w, "mm4_smtp_sessions_refused_total", [("limit", "total")], smtp.Counters.SessionsOverLimit);
        Line(w, "mm4_smtp_sessions_refused_total", [("limit", "per_client")], smtp.Counters.SessionsOverClientLimit);
        Family(w, "mm4_smtp_tls_sessions_total", "counter", "Inbound sessions that completed STARTTLS, by protocol.");
        foreach (var (protocol, n) in smtp.Counters.TlsSessions.OrderBy(x => x.Key))
            Line(w, "mm4_smtp_tls_sessions_total", [("protocol", protocol)], n);
        Family(w, "mm4_smtp_tls_handshake_failures_total", "counter", "Inbound STARTTLS handshakes that failed (the session is closed).");
        Line(w, "mm4_smtp_tls_handshake_failures_total", [], smtp.Counters.TlsHandshakesFailed);
        Family(w, "mm4_smtp_data_memory_bytes", "gauge", "Bytes of messages being received held in memory, all sessions (Gateway:Smtp:DataMemoryBudget).");
        Line(w, "mm4_smtp_data_memory_bytes", [], smtp.DataBudget.Used);
        Family(w, "mm4_smtp_data_memory_budget_bytes", "gauge", "The budget for mm4_smtp_data_memory_bytes.");
        Line(w, "mm4_smtp_data_memory_budget_bytes", [], smtp.DataBudget.Limit);

        Family(w, "mm4_delivery_latency_seconds", "histogram", "Time from acceptance to delivery, by operator.");
        foreach (var (op, h) in delivery.Latency.OrderBy(x => x.Key))
        {
            var (cumulative, sum, count) = h.Read();
            for (var i = 0; i < h.Bounds.Count; i++)
                Line(w, "mm4_delivery_latency_seconds_bucket", [("operator", op), ("le", Number(h.Bounds[i]))], cumulative[i]);
            Line(w, "mm4_delivery_latency_seconds_bucket", [("operator", op), ("le", "+Inf")], count);
            Line(w, "mm4_delivery_latency_seconds_sum", [("operator", op)], sum);
            Line(w, "mm4_delivery_latency_seconds_count", [("operator", op)], count);
        }
        if (mailLog is not null)
        {
            Family(w, "mm4_maillog_lines_written_total", "counter", "Lines written to the mail log (data/log/maillog).");
            Line(w, "mm4_maillog_lines_written_total", [], mailLog.LinesWritten);
            Family(w, "mm4_maillog_lines_dropped_total", "counter", "Mail log lines dropped because the file could not be written for too long.");
            Line(w, "mm4_maillog_lines_dropped_total", [], mailLog.LinesDropped);
            Family(w, "mm4_maillog_write_failures_total", "counter", "Batches the mail log could not write (each retried).");
            Line(w, "mm4_maillog_write_failures_total", [], mailLog.Failures);
        }
        if (ledger is not null) Mm4Metrics.Render(w, ledger);
        return w.ToString();
    }

    /// <summary>Adds <c>node="NAME"</c> as the first label of every sample line (the metric name never holds '{' or ' ').</summary>
    internal static string WithNode(string text, string node)
    {
        var label = $"node=\"{Escape(node)}\"";
        var w = new StringBuilder(text.Length + text.Length / 8);
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty) continue;
            if (line[0] == '#') { w.Append(line).Append('\n'); continue; }
            var cut = line.IndexOfAny('{', ' ');
            if (cut < 0) { w.Append(line).Append('\n'); continue; }
            w.Append(line[..cut]);
            if (line[cut] == '{') w.Append('{').Append(label).Append(line[cut + 1] == '}' ? "" : ",").Append(line[(cut + 1)..]);
            else w.Append('{').Append(label).Append('}').Append(line[cut..]);
            w.Append('\n');
        }
        return w.ToString();
    }

    private static string Outcome(OutcomeKind k) => k switch { OutcomeKind.Delivered => "delivered", OutcomeKind.Deferred => "deferred", _ => "bounced" };

    internal static void Family(StringBuilder w, string name, string type, string help) =>
        w.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    internal static void Line(StringBuilder w, string name, (string Key, string Value)[] labels, double value)
    {
        w.Append(name);
        if (labels.Length > 0)
            w.Append('{').AppendJoin(',', labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\"")).Append('}');
        w.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    // The exposition format's label escapes: backslash, double quote, line feed.
    private static string Escape(string v) => v.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
