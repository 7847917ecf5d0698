namespace MmsConsole.Cli;

/// <summary>Queue selections as sendmail takes them: <c>-R str</c> (recipient substring), <c>-S str</c>
/// (sender), <c>-I id</c> (queue id), plus <c>-D domain</c> (destination) and <c>-T held</c> (state).
/// Negation as sendmail's <c>-q!R</c>: <c>-!R str</c>, <c>-R '!str'</c> or <c>--not -R str</c>; sendmail's
/// own <c>-qRstr</c> and <c>-q!Rstr</c> are taken as they are. Becomes the API's select terms.</summary>
public static class Selection
{
    public static bool TryParse(IReadOnlyList<string> args, out List<string> terms, out List<string> rest, out string error)
    {
        terms = [];
        rest = [];
        error = "";
        var not = false;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--not") { not = true; continue; }
            if (a.StartsWith("-q", StringComparison.Ordinal) && a.Length > 3)
            {
                terms.Add((not ? "!" : "") + a[2..]);
                not = false;
                continue;
            }
            var negated = a.StartsWith("-!", StringComparison.Ordinal);
            var flag = negated ? a[2..] : a.StartsWith('-') && !a.StartsWith("--", StringComparison.Ordinal) ? a[1..] : null;
            if (flag is "R" or "S" or "I" or "D" or "T")
            {
                if (i + 1 >= args.Count) { error = $"{a} needs a value"; return false; }
                var value = args[++i];
                if (value.StartsWith('!')) { negated = !negated; value = value[1..]; }
                if (value.Length == 0) { error = $"{a} needs a value"; return false; }
                terms.Add((negated ^ not ? "!" : "") + flag + value);
                not = false;
                continue;
            }
            if (not) { error = "--not must come before -R, -S, -I, -D or -T"; return false; }
            rest.Add(a);
        }
        if (not) { error = "--not must come before -R, -S, -I, -D or -T"; return false; }
        return true;
    }
}
