namespace MmsGateway.Relay.Health;

/// <summary>Turns measured facts into a verdict. A pure function of its inputs, so the rules can be
/// read (and tested) in one place:
/// - failing (every attempt since the last success failed) for UnreachableAfter or longer: unreachable;
///   for less: degraded. A single refused connection is amber, not red;
/// - no attempt in the last hour (and nothing waiting): idle, whatever came before;
/// - DegradedShare of the last 5 minutes' attempts failing (at least DegradedMinAttempts): degraded;
/// - a next hop failing while another carries the load: degraded, naming both;
/// - otherwise delivering.</summary>
public static class HealthRules
{
    public static (HealthState State, string Reason) Evaluate(HealthFacts f, IReadOnlyList<HopHealth> hops, int queued, HealthOptions o, DateTimeOffset now)
    {
        if (f.Last60.Attempts == 0 && queued == 0)
            return (HealthState.Idle, f.LastAttempt is { } last
                ? $"no delivery attempt in the last hour (last {Ago(now - last)}{(f.FailingSince is null ? "" : ", failed")})"
                : "no delivery attempt in the last hour");
        if (Failing(f, o, now) is { } failing) return failing;
        if (f.Last5.Attempts >= o.DegradedMinAttempts && f.Last5.FailedShare >= o.DegradedShare)
            return (HealthState.Degraded, $"{f.Last5.Failures} of {f.Last5.Attempts} attempts failed in the last 5 minutes");
        var bad = hops.Where(h => h.State >= HealthState.Degraded).ToList();
        var good = hops.Where(h => h.State == HealthState.Delivering).ToList();
        if (bad.Count > 0 && good.Count > 0)
            return (HealthState.Degraded, $"{string.Join(", ", bad.Select(h => h.Hop))} failing; {string.Join(", ", good.Select(h => h.Hop))} carrying the load");
        if (f.Last60.Attempts == 0) return (HealthState.Idle, "no delivery attempt in the last hour");
        return (HealthState.Delivering, f.LastSuccess is { } ok ? $"last delivery {Ago(now - ok)}" : "delivering");
    }

    public static HopHealth EvaluateHop(string hop, HealthFacts f, HealthOptions o, DateTimeOffset now)
    {
        if (f.LastAttempt is null || (f.Last60.Attempts == 0 && f.FailingSince is null))
            return new HopHealth(hop, HealthState.Idle, "not tried in the last hour", f);
        if (Failing(f, o, now) is { } failing) return new HopHealth(hop, failing.State, failing.Reason, f);
        return new HopHealth(hop, HealthState.Delivering, $"connected {Ago(now - f.LastSuccess!.Value)}", f);
    }

    private static (HealthState State, string Reason)? Failing(HealthFacts f, HealthOptions o, DateTimeOffset now)
    {
        if (f.FailingSince is not { } since) return null;
        var error = f.LastError is null ? "" : $": {f.LastError}";
        var success = f.LastSuccess is { } ok ? $"no delivery since {Ago(now - ok)}" : "no successful delivery";
        return now - since >= o.UnreachableAfter
            ? (HealthState.Unreachable, $"{success}, every attempt failing for {Age(now - since)}{error}")
            : (HealthState.Degraded, $"failing for {Age(now - since)}{error}");
    }

    private static string Ago(TimeSpan t) => Age(t) + " ago";

    /// <summary>"40 s", "3 min", "2 h 5 min", "3 d 4 h".</summary>
    public static string Age(TimeSpan t)
    {
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        if (t.TotalSeconds < 60) return $"{(int)t.TotalSeconds} s";
        if (t.TotalMinutes < 60) return $"{(int)t.TotalMinutes} min";
        if (t.TotalHours < 24) return t.Minutes == 0 ? $"{(int)t.TotalHours} h" : $"{(int)t.TotalHours} h {t.Minutes} min";
        return t.Hours == 0 ? $"{(int)t.TotalDays} d" : $"{(int)t.TotalDays} d {t.Hours} h";
    }
}
