using Microsoft.AspNetCore.Mvc;
using MmsGateway.Relay.MailLog;
using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Smtp;
using MmsGateway.Relay.Spool;

namespace MmsConsole.Web.Metrics;

/// <summary>Probes for an orchestrator, open to anyone: /healthz says the process answers (liveness);
/// /readyz says it can take mail: spool open, registry readable, SMTP listeners bound and not stopping.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().WithTags("Operations");
        app.MapGet("/readyz", async (MessageSpool spool, IQueueControl queue, SmtpListener smtp, IDbContextFactory<RegistryDbContext> registry,
            RegistryPublisher publisher, MailLogWriter mailLog, LedgerWriter ledger, IHostApplicationLifetime lifetime,
            [FromServices] RegistryListener? listener, CancellationToken ct) =>   // the listener: on PostgreSQL only
        {
            var checks = new Dictionary<string, string>();
            var ok = true;
            void Check(string name, bool good, string detail) { checks[name] = (good ? "ok: " : "failing: ") + detail; ok &= good; }

            Check("queue", spool.IsOpen, spool.IsOpen ? $"spool open, {queue.GetCounts().Messages} messages" : "spool closed");
            Check("smtp", smtp.Listening && !lifetime.ApplicationStopping.IsCancellationRequested,
                smtp.Listening ? "listening on " + string.Join(", ", smtp.Endpoints) : "not listening");
            try
            {
                await using var db = await registry.CreateDbContextAsync(ct);
                var revision = await db.Revisions.AsNoTracking().Select(r => r.Revision).FirstAsync(ct);
                Check("registry", true, $"revision {revision}");
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or IOException or TimeoutException)
            {
                // A shared registry down is every node's problem alike and stops no mail (the rules in force stay): said,
                // not a 503 that would take the whole site out of its load balancer. A local file unreadable is this node's.
                if (listener is null) Check("registry", false, e.GetBaseException().Message);
                else checks["registry"] = $"degraded: PostgreSQL unreachable ({e.GetBaseException().Message}); mail flows on the rules in force";
            }
            if (listener is not null)
                checks["registry-changes"] = listener.Listening ? "ok: listening for changes from the other nodes"
                    : "degraded: not listening for changes (PostgreSQL unreachable); the poll carries them once it is back";
            // Rules behind the registry do not stop mail (the last good ones are in force, and every node of a
            // site would fail alike), so this is said, not made a 503.
            checks["rules"] = publisher.Failure is { } f
                ? $"stale: registry revision {f.Revision?.ToString() ?? "?"} not in force since {f.Since:O} ({f.Error}); relay runs revision {f.InForce}"
                : $"ok: revision {publisher.Revision} in force";
            // The mail log is evidence, not mail: a disk that refuses it is said here and in the metrics, never a 503.
            checks["maillog"] = mailLog.Problem is { } problem
                ? $"degraded: {problem}; {mailLog.LinesDropped} lines dropped"
                : $"ok: {mailLog.LinesWritten} lines written to {mailLog.Directory}";
            // The MM4 ledger likewise: mail flows without it, so it is said, not a 503.
            checks["ledger"] = !ledger.Enabled ? "off: Gateway:Ledger:Enabled is false"
                : ledger.Problem is { } lp ? $"degraded: {lp}; {ledger.Pending} observations waiting, {ledger.Dropped} dropped"
                : $"ok: {ledger.Written} observations written, {ledger.Pending} waiting";
            return Results.Json(new { status = ok ? "ready" : "not ready", checks }, statusCode: ok ? 200 : 503);
        }).AllowAnonymous().WithTags("Operations");
    }
}
