using System.Globalization;
using System.Text.RegularExpressions;

namespace MmsGateway.Testing;

/// <summary>Reads samples out of a Prometheus text exposition by name and label set, whatever the label order
/// and whatever labels the exporter adds of its own (otel_scope_name).</summary>
public static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public static IReadOnlyList<Sample> Samples(string text) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(Parse)];

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/>
    /// and no others but the exporter's own and <c>node</c>; null when there is none.</summary>
    public static double? Value(string text, string name, params (string Key, string Value)[] labels)
    {
        var matches = Samples(text).Where(s => s.Name == name
            && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)
            && s.Labels.Keys.All(k => k is "otel_scope_name" or "node" || labels.Any(l => l.Key == k))).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0].Value,
            _ => throw new InvalidOperationException($"{matches.Count} samples of {name} match {string.Join(',', labels)}"),
        };
    }

    private static Sample Parse(string line)
    {
        var open = line.IndexOf('{');
        var space = line.LastIndexOf(' ');
        var name = open >= 0 ? line[..open] : line[..space];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (open >= 0)
            foreach (Match m in Label().Matches(line[open..(line.LastIndexOf('}') + 1)]))
                labels[m.Groups[1].Value] = m.Groups[2].Value.Replace("\\\"", "\"").Replace("\\n", "\n").Replace("\\\\", "\\");
        var value = line[(space + 1)..];
        return new Sample(name, labels, value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(value, CultureInfo.InvariantCulture),
        });
    }

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
