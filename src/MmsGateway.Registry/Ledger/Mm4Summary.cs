using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Ledger;

/// <summary>One operator and direction over a window: what the MM4 page shows in one row.</summary>
public sealed record Mm4Summary(string Partner, TrafficDirection Direction)
{
    public long Accepted { get; init; }
    public long Sent { get; init; }
    public long Resent { get; init; }
    public long Bounced { get; init; }
    public long Answered { get; init; }
    public long Missing { get; init; }
    public long Late { get; init; }
    public long Unmatched { get; init; }
    public long ReportsAsked { get; init; }
    public long ReportsReceived { get; init; }

    /// <summary>RES latency quantiles in seconds (from the histogram buckets), null without answers.</summary>
    public double? LatencyP50 { get; init; }
    public double? LatencyP95 { get; init; }

    /// <summary>X-Mms-Request-Status-Code of the RESes (answered and late): "Ok", "Error-service-denied", …</summary>
    public IReadOnlyDictionary<string, long> Statuses { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, long> Reports { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, long> Lint { get; init; } = new Dictionary<string, long>();

    public long LintFindings => Lint.Values.Sum();

    public long Errors => Statuses.Where(s => !s.Key.Equals("Ok", StringComparison.OrdinalIgnoreCase)).Sum(s => s.Value);

    /// <summary>Delivery reports received per forward that asked for one, or null when none asked.</summary>
    public double? ReportRate => ReportsAsked == 0 ? null : (double)ReportsReceived / ReportsAsked;
}
