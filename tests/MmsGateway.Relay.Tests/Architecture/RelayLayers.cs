using System.Text.RegularExpressions;

namespace MmsGateway.Relay.Tests.Architecture;

/// <summary>The relay's parts in layers (docs/architecture.md): a file may use the parts of lower layers
/// only. Same-layer parts do not know each other, so no arrow points up or sideways and no cycle forms.</summary>
public static partial class RelayLayers
{
    public const string Root = "MmsGateway.Relay";

    public static readonly IReadOnlyDictionary<string, int> Layer = new Dictionary<string, int>
    {
        ["Mail"] = 0, ["Routing"] = 0, ["Spool"] = 0,
        ["Queue"] = 1, ["Policy"] = 1, ["Capture"] = 1, ["Mm4"] = 1,
        ["Smtp"] = 2, ["Delivery"] = 2,
        ["Control"] = 3, ["Health"] = 3, ["MailLog"] = 3, ["Ledger"] = 3,
        ["Telemetry"] = 4,
        ["Hosting"] = 5,
    };

    /// <summary>A source file as found: its path relative to the project, and its text.</summary>
    public sealed record SourceFile(string Path, string Text)
    {
        public string Part => Path.Split('/', '\\')[0];
    }

    /// <summary>One reason to fail, naming the file.</summary>
    public static IEnumerable<string> Violations(IReadOnlyList<SourceFile> files)
    {
        var arrows = new Dictionary<(string From, string To), string>();
        foreach (var file in files)
        {
            if (!Layer.TryGetValue(file.Part, out var own))
            {
                yield return $"{file.Path}: part '{file.Part}' has no layer; add it to RelayLayers and docs/architecture.md";
                continue;
            }
            var declared = NamespaceDeclaration().Match(file.Text);
            if (!declared.Success || declared.Groups[1].Value != $"{Root}.{file.Part}")
                yield return $"{file.Path}: declares namespace '{(declared.Success ? declared.Groups[1].Value : "none")}', expected {Root}.{file.Part} (the folder is the namespace)";
            foreach (var used in Uses(file.Text).Where(u => u != file.Part))
            {
                arrows.TryAdd((file.Part, used), file.Path);
                if (!Layer.TryGetValue(used, out var theirs))
                    yield return $"{file.Path}: uses {Root}.{used}, which is not a part";
                else if (theirs >= own)
                    yield return $"{file.Path}: {file.Part} (layer {own}) uses {used} (layer {theirs}); an arrow may only point down";
            }
        }
        foreach (var cycle in Cycles(arrows))
            yield return "cycle " + string.Join(" -> ", cycle.Select(a => $"{a.From} ({arrows[a]})")) + $" -> {cycle[0].From}";
    }

    /// <summary>The parts a file names: using directives, fully qualified names, and names qualified from
    /// the root namespace (a file in MmsGateway.Relay.Queue may write Control.FlushRun without a using).</summary>
    public static IReadOnlySet<string> Uses(string text)
    {
        // A cref names its type inside quotes: keep it before the string literals go.
        var crefs = string.Join(" ", Cref().Matches(text).Select(m => m.Groups[1].Value));
        var code = LineComment().Replace(StringLiteral().Replace(text, "\"\""), "") + " " + crefs;
        var parts = new HashSet<string>();
        foreach (Match m in Qualified().Matches(code)) parts.Add(m.Groups[1].Value);
        foreach (Match m in RelativeQualified().Matches(code))
            if (Layer.ContainsKey(m.Groups[1].Value)) parts.Add(m.Groups[1].Value);
        return parts;
    }

    // Depth-first over the part graph; each cycle is reported once, by its arrows.
    private static List<List<(string From, string To)>> Cycles(Dictionary<(string From, string To), string> arrows)
    {
        var next = arrows.Keys.GroupBy(a => a.From).ToDictionary(g => g.Key, g => g.Select(a => a.To).Order().ToList());
        var found = new List<List<(string, string)>>();
        var seen = new HashSet<string>();
        var done = new HashSet<string>();
        var path = new List<string>();
        void Visit(string part)
        {
            if (done.Contains(part)) return;
            if (!seen.Add(part))
            {
                var start = path.IndexOf(part);
                var ring = path[start..];
                found.Add(ring.Select((p, i) => (p, i + 1 < ring.Count ? ring[i + 1] : part)).ToList());
                return;
            }
            path.Add(part);
            foreach (var to in next.GetValueOrDefault(part, [])) Visit(to);
            path.RemoveAt(path.Count - 1);
            seen.Remove(part);
            done.Add(part);
        }
        foreach (var part in next.Keys.Order()) Visit(part);
        return found;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\bMmsGateway\.Relay\.([A-Z]\w*)")]
    private static partial Regex Qualified();

    // Not after a dot or a word character: options.Delivery.Enabled is a property, Delivery.Enabled at the
    // start of an expression would be read as a part (a false alarm is the safe side).
    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.[A-Z]\w*")]
    private static partial Regex RelativeQualified();

    [GeneratedRegex(@"cref=""([^""]*)""")]
    private static partial Regex Cref();

    [GeneratedRegex(@"@?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();

    // Ordinary comments are prose; /// doc comments stay, since a cref is a dependency.
    [GeneratedRegex(@"(?<!/)//(?!/).*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();
}
