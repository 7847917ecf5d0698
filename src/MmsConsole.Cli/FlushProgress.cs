using System.Text.Json;

namespace MmsConsole.Cli;

/// <summary>A flush run being watched, as sendmail -q -v shows each delivery. At a terminal: one bar per node,
/// redrawn in place. Piped (a log, grep, a test): a plain line each time the counts move.</summary>
internal sealed class FlushProgress(TextWriter output, bool terminal, int runs)
{
    private const int BarWidth = 30;
    private readonly string?[] _last = new string?[runs];
    private readonly string[] _frame = new string[runs];
    private bool _drawn;

    public async Task ShowAsync(int index, string? node, JsonElement run)
    {
        var at = node is null ? "" : $"{node}: ";
        if (terminal)
        {
            _frame[index] = at + Bar(run);
            return;
        }
        var line = at + Line(run);
        if (line != _last[index]) await output.WriteLineAsync(line);
        _last[index] = line;
    }

    /// <summary>At a terminal, draws this poll's bars over the last ones; the last frame stays on screen.</summary>
    public async Task EndFrameAsync(bool done)
    {
        if (!terminal) return;
        // Cursor up over the previous frame (ANSI), then each line cleared and redrawn.
        if (_drawn) await output.WriteAsync($"\u001b[{runs}A");
        foreach (var line in _frame) await output.WriteAsync("\r\u001b[2K" + line + "\n");
        _drawn = !done;
    }

    public static string Line(JsonElement r) =>
        $"  {r.GetProperty("state").GetString()}: attempted {N(r, "attempted")} of {N(r, "selected")}, " +
        $"delivered {N(r, "delivered")}, deferred {N(r, "deferred")}, bounced {N(r, "bounced")}";

    private static string Bar(JsonElement r)
    {
        var selected = N(r, "selected");
        var attempted = N(r, "attempted");
        var filled = selected == 0 ? BarWidth : (int)((long)attempted * BarWidth / selected);
        return $"  [{new string('#', filled)}{new string('.', BarWidth - filled)}] {attempted}/{selected}  " +
            $"delivered {N(r, "delivered")}  deferred {N(r, "deferred")}  bounced {N(r, "bounced")}  {r.GetProperty("state").GetString()}";
    }

    private static int N(JsonElement r, string name) => r.GetProperty(name).GetInt32();
}
