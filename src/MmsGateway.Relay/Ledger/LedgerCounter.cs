namespace MmsGateway.Relay.Ledger;

/// <summary>The per-minute counters the MM4 summary sums (one row per partner, direction, minute and name),
/// so that a summary over 24 hours reads at most 1,440 minutes a partner instead of millions of rows.
/// Each event is counted in the minute it happened: "sent" at the hand-over, "answered" at the RES.</summary>
public static class LedgerCounter
{
    public const string Accepted = "accepted";
    public const string Resent = "resent";
    public const string Sent = "sent";
    public const string Answered = "answered";
    public const string Missing = "missing";
    public const string Late = "late";
    public const string Unmatched = "unmatched";
    public const string ReportsAsked = "reports-asked";
    public const string ReportsReceived = "reports-received";
    public const string Bounced = "bounced";
    public const string LatencySumMs = "latency-sum-ms";

    /// <summary>The prefixes of counters of transactions other than forwards ("delivery-report.answered").</summary>
    public static readonly IReadOnlyDictionary<string, string> KindPrefixes = new Dictionary<string, string>
    {
        ["delivery-report."] = "MM4_delivery_report", ["read-reply."] = "MM4_read_reply_report", ["other."] = "other",
    };

    /// <summary>Splits "delivery-report.status:Ok" into the transaction ("MM4_delivery_report") and the counter ("status:Ok").</summary>
    public static (string Transaction, string Name) Split(string name)
    {
        foreach (var (prefix, transaction) in KindPrefixes)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return (transaction, name[prefix.Length..]);
        return ("MM4_forward", name);
    }

    public static string Status(string code) => "status:" + code;

    public static string Report(string code) => "report:" + code;

    public static string Lint(string rule) => "lint:" + rule;

    public static string Latency(double upperSeconds) => "latency:" + LatencyBuckets.Label(upperSeconds);

    public static long Minute(long unixMs) => Math.DivRem(unixMs, 60_000, out var r) - (r < 0 ? 1 : 0);

    public static long Minute(DateTimeOffset at) => Minute(at.ToUnixTimeMilliseconds());
}
