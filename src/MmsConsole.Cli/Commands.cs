using System.Globalization;
using System.Text.Json;

namespace MmsConsole.Cli;

/// <summary>The commands, each one API call or a few, printing what a shell user reads.</summary>
internal sealed partial class Commands(GatewayApi api, TextWriter output, TextWriter error, string? node = null, bool terminal = false)
{
    // The node a queue command is aimed at (--node), as a query parameter.
    private string NodeQuery => node is null ? "" : "&node=" + Uri.EscapeDataString(node);

    private static readonly TimeSpan FlushPoll = TimeSpan.FromMilliseconds(250);

    // Where tables are cut: the terminal's width, or 0 when piped.
    private int Width => TextTable.TerminalWidth(terminal);

    public async Task<int> QueueAsync()
    {
        var (code, operators) = await api.GetAsync("/api/queue/operators");
        if (code != ExitCodes.Ok) return code;
        (code, var counts) = await api.GetAsync("/api/queue/counts");
        if (code != ExitCodes.Ok) return code;
        var table = new TextTable("operator", "status", ">ready", ">deferred", ">held", "oldest", "health");
        var now = DateTimeOffset.UtcNow;
        foreach (var o in operators.EnumerateArray())
        {
            var oldest = o.GetProperty("oldest") is { ValueKind: JsonValueKind.String } t ? Age(now - t.GetDateTimeOffset()) : "-";
            // The measured health beside the switch, as the console shows it (issue 13), and why when it is not good.
            var health = o.TryGetProperty("health", out var h) ? h : default;
            var state = health.ValueKind == JsonValueKind.Object ? health.GetProperty("state").GetString()!.ToLowerInvariant() : "-";
            table.Add(o.GetProperty("name").GetString(), o.GetProperty("status").GetString(), N(o, "ready"), N(o, "deferred"), N(o, "held"), oldest, state);
            if (state is "degraded" or "unreachable") table.Note($"{state}: {health.GetProperty("reason").GetString()}");
        }
        await table.WriteAsync(output, Width);
        await output.WriteLineAsync($"total: {Count(counts.GetProperty("messages").GetInt32(), "message")}, {Count(counts.GetProperty("recipients").GetInt32(), "recipient")} " +
            $"({counts.GetProperty("ready").GetInt32()} ready, {counts.GetProperty("deferred").GetInt32()} deferred, {counts.GetProperty("held").GetInt32()} held)");
        return ExitCodes.Ok;
    }

    public async Task<int> ListAsync(IReadOnlyList<string> selection, bool all)
    {
        if (!Selection.TryParse(selection, out var terms, out var rest, out var problem)) return await Mm4Ctl.UsageAsync(error, problem);
        if (rest.Count > 0) return await Mm4Ctl.UsageAsync(error, $"list: unexpected '{rest[0]}'");
        var shown = 0;
        for (var skip = 0; ; skip += 1000)
        {
            var query = string.Join('&', terms.Select(t => "select=" + Uri.EscapeDataString(t)).Append($"skip={skip}").Append($"take={(all ? 1000 : 50)}")) + NodeQuery;
            var (code, page) = await api.GetAsync("/api/queue?" + query);
            if (code != ExitCodes.Ok) return code;
            // A site: each message says its node, and a node that did not answer is said before anything else.
            var nodes = page.TryGetProperty("nodes", out var n) ? n.EnumerateArray().ToList() : [];
            if (skip == 0)
                foreach (var missing in nodes.Where(x => x.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String))
                    await error.WriteLineAsync($"mm4ctl: node {missing.GetProperty("node").GetString()} not listed: {missing.GetProperty("error").GetString()}");
            foreach (var m in page.GetProperty("items").EnumerateArray())
            {
                shown++;
                var where = nodes.Count > 1 ? $"{m.GetProperty("node").GetString(),-8} " : "";
                await output.WriteLineAsync($"{m.GetProperty("queueId").GetString()} {where}{m.GetProperty("receivedAt").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} " +
                    $"{m.GetProperty("size").GetInt64(),8}  <{m.GetProperty("sender").GetString()}>");
                foreach (var r in m.GetProperty("recipients").EnumerateArray().Where(r => r.GetProperty("matched").GetBoolean()))
                {
                    var why = r.GetProperty("lastError") is { ValueKind: JsonValueKind.String } e ? $"  ({e.GetString()})" : "";
                    await output.WriteLineAsync($"        {r.GetProperty("state").GetString(),-9} <{r.GetProperty("address").GetString()}>{why}");
                }
            }
            var total = page.GetProperty("totalMessages").GetInt32();
            if (!all || skip + 1000 >= total)
            {
                await output.WriteLineAsync($"{Count(total, "message")}, {Count(page.GetProperty("totalRecipients").GetInt32(), "recipient")} match" +
                    (terms.Count > 0 ? " " + string.Join(' ', terms) : "") + (shown < total ? $" ({shown} shown; --all for every one)" : ""));
                return ExitCodes.Ok;
            }
        }
    }

    public async Task<int> FlushAsync(IReadOnlyList<string> selection, string? reason, bool wait)
    {
        if (!Selection.TryParse(selection, out var terms, out var rest, out var problem)) return await Mm4Ctl.UsageAsync(error, problem);
        if (rest.Count > 0) return await Mm4Ctl.UsageAsync(error, $"flush: unexpected '{rest[0]}'");
        if (string.IsNullOrWhiteSpace(reason)) return await Mm4Ctl.UsageAsync(error, "flush: --reason TEXT is required (it goes to the audit trail, as on the console)");
        var (code, run) = await api.PostAsync("/api/queue/flush", new { select = terms, reason, node });
        if (code != ExitCodes.Ok) return code;
        // A site answers with a run on each node (or why a node has none); one gateway with its run.
        var runs = run.TryGetProperty("nodes", out var perNode)
            ? perNode.EnumerateArray().Select(r => (Node: r.GetProperty("node").GetString(), Run: r.GetProperty("run"), Error: r.TryGetProperty("error", out var e) ? e.GetString() : null)).ToList()
            : [(Node: (string?)null, Run: run, Error: (string?)null)];
        foreach (var (where, r, failed) in runs)
            await output.WriteLineAsync((where is null ? "" : $"{where}: ") + (r.ValueKind == JsonValueKind.Object
                ? $"flush {r.GetProperty("id").GetInt32()} of {SelectionText(r)}: {Count(r.GetProperty("selected").GetInt32(), "recipient")} selected"
                : $"no flush: {failed}"));
        await SayHeldAsync(terms);
        // Watch them run, as sendmail -q -v shows each delivery: a line whenever the counts move.
        var watched = runs.Where(r => r.Run.ValueKind == JsonValueKind.Object).Select(r => (r.Node, Id: r.Run.GetProperty("id").GetInt32(), r.Run)).ToList();
        var progress = new FlushProgress(output, terminal, watched.Count);
        while (wait)
        {
            var running = false;
            for (var i = 0; i < watched.Count; i++)
            {
                await progress.ShowAsync(i, watched[i].Node, watched[i].Run);
                running |= watched[i].Run.GetProperty("state").GetString() == "Running";
            }
            await progress.EndFrameAsync(done: !running);
            if (!running) break;
            await Task.Delay(FlushPoll);
            for (var i = 0; i < watched.Count; i++)
            {
                if (watched[i].Run.GetProperty("state").GetString() != "Running") continue;
                var at = watched[i].Node is { } name ? "?node=" + Uri.EscapeDataString(name) : "";
                (code, var now) = await api.GetAsync($"/api/queue/flushes/{watched[i].Id}{at}");
                if (code != ExitCodes.Ok) return code;
                watched[i] = watched[i] with { Run = now };
            }
        }
        return ExitCodes.Ok;
    }

    // A flush never touches held mail (issue 13: "0 recipients selected" said nothing of the 60 held):
    // say how many are held and what releases them.
    private async Task SayHeldAsync(IReadOnlyList<string> terms)
    {
        var query = string.Concat(terms.Append("Theld").Select(t => $"select={Uri.EscapeDataString(t)}&"));
        var (code, held) = await api.GetAsync($"/api/queue?{query}take=1{NodeQuery}");
        if (code != ExitCodes.Ok || held.GetProperty("totalRecipients").GetInt32() is not (> 0 and var n)) return;
        var domains = terms.Where(t => t.StartsWith('D')).Select(t => t[1..]).ToList();
        var (listed, operators) = await api.GetAsync("/api/operators");
        var holding = listed != ExitCodes.Ok ? default : operators.EnumerateArray().FirstOrDefault(o =>
            o.GetProperty("status").GetString() == "Holding" && o.GetProperty("domains").EnumerateArray().Any(d => domains.Contains(d.GetString()!, StringComparer.OrdinalIgnoreCase)));
        var selection = string.Concat(terms.Select(t => t.StartsWith('!') ? $" -!{t[1]} {t[2..]}" : $" -{t[0]} {t[1..]}"));
        await output.WriteLineAsync(holding.ValueKind == JsonValueKind.Object
            ? $"{Count(n, "recipient")} held, not flushed: operator {holding.GetProperty("name").GetString()} is down (holding); " +
              $"mm4ctl operator up \"{holding.GetProperty("name").GetString()}\" --reason TEXT releases and flushes them"
            : $"{Count(n, "recipient")} held, not flushed; mm4ctl release{selection} --reason TEXT makes them due");
    }

    public async Task<int> HoldOrReleaseAsync(string verb, IReadOnlyList<string> selection, string? reason)
    {
        if (!Selection.TryParse(selection, out var terms, out var rest, out var problem)) return await Mm4Ctl.UsageAsync(error, problem);
        if (rest.Count > 0) return await Mm4Ctl.UsageAsync(error, $"{verb}: unexpected '{rest[0]}'");
        if (string.IsNullOrWhiteSpace(reason)) return await Mm4Ctl.UsageAsync(error, $"{verb}: --reason TEXT is required (it goes to the audit trail)");
        var (code, result) = await api.PostAsync($"/api/queue/{verb}", new { select = terms, reason, node });
        if (code != ExitCodes.Ok) return code;
        await output.WriteLineAsync($"{verb}: {result.GetProperty("summary").GetString()}");
        return ExitCodes.Ok;
    }

    // "1 message", "2 messages" (issue 13: the CLI said "1 messages").
    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string SelectionText(JsonElement run) => run.GetProperty("selection").GetString() is { Length: > 0 } s and not "(all)" ? s : "the whole queue";

    private static string Age(TimeSpan t) => t.TotalDays >= 1
        ? $"{(int)t.TotalDays}d{t.Hours:00}h"
        : t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
