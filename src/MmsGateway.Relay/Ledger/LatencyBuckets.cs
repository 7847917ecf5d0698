using System.Globalization;

namespace MmsGateway.Relay.Ledger;

/// <summary>RES latency buckets (upper bounds in seconds, Prometheus style): a partner's MMSC answers in
/// well under a second when healthy and in minutes when its queue is backed up.</summary>
public static class LatencyBuckets
{
    public static readonly IReadOnlyList<double> Bounds = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, double.PositiveInfinity];

    public static double Of(double seconds)
    {
        foreach (var b in Bounds) if (seconds <= b) return b;
        return double.PositiveInfinity;
    }

    public static string Label(double bound) => double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString(CultureInfo.InvariantCulture);

    public static double Parse(string label) => label == "+Inf" ? double.PositiveInfinity : double.Parse(label, CultureInfo.InvariantCulture);

    /// <summary>The q-quantile (0..1) from bucket counts, interpolated linearly inside its bucket; null when empty.
    /// In the last (open) bucket the answer is its lower bound: "at least".</summary>
    public static double? Quantile(IReadOnlyDictionary<double, long> counts, double q)
    {
        var total = counts.Values.Sum();
        if (total == 0) return null;
        var rank = q * total;
        long seen = 0;
        var lower = 0.0;
        foreach (var bound in Bounds)
        {
            var n = counts.GetValueOrDefault(bound);
            if (n > 0 && seen + n >= rank)
            {
                if (double.IsPositiveInfinity(bound)) return lower;
                return lower + (bound - lower) * ((rank - seen) / n);
            }
            seen += n;
            lower = bound;
        }
        return lower;
    }
}
