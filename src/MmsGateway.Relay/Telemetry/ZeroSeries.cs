namespace MmsGateway.Relay.Telemetry;

/// <summary>The counted series, and a 0 for every expected key not counted yet. Prometheus sees no increase in a
/// series born at 1, so the first failure or first missing RES of an operator would be invisible to rate(),
/// increase() and the alerts built on them; the operators of the rules in force are expected from the start.</summary>
internal static class ZeroSeries
{
    public static IEnumerable<(TKey Key, long Value)> With<TKey>(IEnumerable<(TKey Key, long Value)> counted, IEnumerable<TKey> expected)
        where TKey : notnull
    {
        var seen = new HashSet<TKey>();
        foreach (var c in counted)
        {
            seen.Add(c.Key);
            yield return c;
        }
        foreach (var key in expected)
            if (seen.Add(key)) yield return (key, 0);
    }
}
