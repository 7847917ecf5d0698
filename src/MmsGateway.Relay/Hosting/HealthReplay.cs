using MmsGateway.Relay.Health;
using MmsGateway.Relay.MailLog;

namespace MmsGateway.Relay.Hosting;

/// <summary>After a restart, the last hour's attempts are read back from the mail log into the health
/// monitor, so an operator that was unreachable before the restart is not green after it (issue 13).</summary>
internal static class HealthReplay
{
    private const int MaxLines = 200_000;
    private static readonly HashSet<string> Attempts = new(StringComparer.Ordinal) { "Sent", "Deferred", "Bounced" };

    public static int Run(MailLogReader log, HealthMonitor health, DateTimeOffset now)
    {
        var page = log.Search(new MailLogQuery(Outcomes: Attempts, From: now.AddHours(-1)), null, MaxLines, budget: 64L * 1024 * 1024);
        // Newest first from the file; the monitor wants them in the order they happened.
        for (var i = page.Entries.Count - 1; i >= 0; i--)
        {
            var e = page.Entries[i];
            var sent = e.Outcome == "Sent";
            health.Record(health.OperatorOf(e.Domain), e.At, sent, sent ? null : e.Field("stat"));
        }
        return page.Entries.Count;
    }
}
