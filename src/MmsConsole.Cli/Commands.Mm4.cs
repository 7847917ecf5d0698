using System.Globalization;
using System.Text.Json;

namespace MmsConsole.Cli;

/// <summary>The MM4 ledger from the shell (issue 14): the per-operator summary, and the ledger searched with the
/// flags a sendmail user already types (-R recipient, -S sender, -I queue id).</summary>
internal sealed partial class Commands
{
    private const int LedgerPage = 100;

    public async Task<int> Mm4SummaryAsync(int hours)
    {
        if (hours is < 1 or > 744) return await Mm4Ctl.UsageAsync(error, $"mm4 summary: --hours '{hours}' is not a number of hours between 1 and 744");
        var (code, body) = await api.GetAsync($"/api/mm4/summary?hours={hours}");
        if (code != ExitCodes.Ok) return code;
        await output.WriteLineAsync($"MM4 over the last {hours} hour{(hours == 1 ? "" : "s")} (since {body.GetProperty("since").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
        var table = new TextTable("operator", "direction", ">sent", ">answered", ">missing", ">late", ">unmatched", ">p50", ">p95", ">errors", ">reports", ">lint");
        foreach (var s in body.GetProperty("operators").EnumerateArray())
        {
            var rate = s.GetProperty("reportRate") is { ValueKind: JsonValueKind.Number } r ? r.GetDouble().ToString("P0", CultureInfo.InvariantCulture) : "-";
            table.Add(s.GetProperty("partner").GetString(), s.GetProperty("direction").GetString()!.ToLowerInvariant(), N(s, "sent"), N(s, "answered"),
                N(s, "missing"), N(s, "late"), N(s, "unmatched"), Seconds(s, "latencyP50"), Seconds(s, "latencyP95"), N(s, "errors"), rate, N(s, "lintFindings"));
            var errors = s.GetProperty("statuses").EnumerateObject().Where(p => !p.Name.Equals("Ok", StringComparison.OrdinalIgnoreCase)).ToList();
            if (errors.Count > 0) table.Note("statuses: " + string.Join(", ", s.GetProperty("statuses").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetInt64()}")));
            var lint = s.GetProperty("lint").EnumerateObject().ToList();
            if (lint.Count > 0) table.Note("lint: " + string.Join(", ", lint.Select(p => $"{p.Name} {p.Value.GetInt64()}")));
        }
        if (table.Count > 0) await table.WriteAsync(output, Width);
        else await output.WriteLineAsync("no MM4 transaction in this window");
        foreach (var v in body.GetProperty("verdicts").EnumerateArray().Where(v => v.GetProperty("level").GetString() is "Warning" or "Critical"))
            await output.WriteLineAsync($"{v.GetProperty("level").GetString()!.ToUpperInvariant()} {v.GetProperty("partner").GetString()}: {v.GetProperty("reason").GetString()}");
        return ExitCodes.Ok;
    }

    /// <param name="terms">sendmail's flags in order: -R MSISDN, -S MSISDN, -I QUEUEID, or glued (-R+4512, -qR+4512).</param>
    /// <param name="options">API parameter and value of each --option given.</param>
    public async Task<int> LedgerAsync(IReadOnlyList<string> terms, IReadOnlyList<(string Parameter, string Value)> options, bool lint, bool all)
    {
        var query = options.Select(o => $"{o.Parameter}={Uri.EscapeDataString(o.Parameter == "direction" ? Direction(o.Value) : o.Value)}").ToList();
        if (lint) query.Add("lint=true");
        for (var i = 0; i < terms.Count; i++)
        {
            var arg = terms[i];
            var term = arg.StartsWith("-q", StringComparison.Ordinal) ? arg[2..] : arg.StartsWith('-') && !arg.StartsWith("--", StringComparison.Ordinal) ? arg[1..] : null;
            if (term is null) return await Mm4Ctl.UsageAsync(error, $"ledger: unexpected '{arg}'");
            if (term.StartsWith('!')) return await Mm4Ctl.UsageAsync(error, $"ledger: '{arg}': the ledger search has no negation (it is a history, not a queue run)");
            var parameter = term.Length == 0 ? null : term[0] switch { 'R' => "recipient", 'S' => "sender", 'I' => "queueId", _ => null };
            if (parameter is null) return await Mm4Ctl.UsageAsync(error, $"ledger: unexpected '{arg}' (-R, -S or -I)");
            var value = term.Length > 1 ? term[1..] : i + 1 < terms.Count ? terms[++i] : null;
            if (string.IsNullOrEmpty(value)) return await Mm4Ctl.UsageAsync(error, $"ledger: {arg} needs a value");
            if (value.StartsWith('!')) return await Mm4Ctl.UsageAsync(error, $"ledger: '{value}': the ledger search has no negation (it is a history, not a queue run)");
            query.Add($"{parameter}={Uri.EscapeDataString(value)}");
        }

        var shown = 0;
        string? cursor = null;
        while (true)
        {
            var path = "/api/mm4/ledger?" + string.Join('&', query.Append($"take={LedgerPage}").Concat(cursor is { } c ? [$"cursor={c}"] : []));
            var (code, page) = await api.GetAsync(path);
            if (code != ExitCodes.Ok) return code;
            foreach (var e in page.GetProperty("entries").EnumerateArray())
            {
                shown++;
                await output.WriteLineAsync(LedgerLine(e));
            }
            cursor = page.GetProperty("next") is { ValueKind: JsonValueKind.String } n ? n.GetString() : null;
            if (cursor is null || !all)
            {
                await output.WriteLineAsync(shown == 0 ? "no MM4 transaction matches" :
                    $"{shown} transaction{(shown == 1 ? "" : "s")}" + (cursor is null ? "" : $" shown, newest first; --all for every one"));
                return ExitCodes.Ok;
            }
        }
    }

    public async Task<int> LedgerShowAsync(long id)
    {
        var (code, body) = await api.GetAsync($"/api/mm4/ledger/{id}");
        if (code != ExitCodes.Ok) return code;
        foreach (var e in new[] { body.GetProperty("entry") }.Concat(body.GetProperty("related").EnumerateArray()))
        {
            await output.WriteLineAsync(LedgerLine(e));
            foreach (var line in Chain(e)) await output.WriteLineAsync("    " + line);
        }
        return ExitCodes.Ok;
    }

    private static string LedgerLine(JsonElement e) =>
        $"{e.GetProperty("id").GetInt64(),-8} {e.GetProperty("accepted").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} {S(e, "operator"),-16} " +
        $"{Short(S(e, "direction")),-3} {S(e, "type"),-25} {S(e, "transactionId"),-20} {S(e, "sender")} -> {S(e, "recipient")}  {S(e, "state")}" +
        (e.GetProperty("responseStatus") is { ValueKind: JsonValueKind.String } st ? $" {st.GetString()}" : "") +
        (e.GetProperty("latencySeconds") is { ValueKind: JsonValueKind.Number } l ? $" {l.GetDouble().ToString("0.###", CultureInfo.InvariantCulture)}s" : "") +
        (e.GetProperty("reportStatus") is { ValueKind: JsonValueKind.String } dr ? $" report={dr.GetString()}" : "") +
        $" queue={S(e, "queueId")}";

    private static IEnumerable<string> Chain(JsonElement e)
    {
        if (e.GetProperty("handedOver") is { ValueKind: JsonValueKind.String } h) yield return $"handed over {h.GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
        if (e.GetProperty("lastError") is { ValueKind: JsonValueKind.String } err) yield return $"error: {err.GetString()}";
        if (e.GetProperty("responseAt") is { ValueKind: JsonValueKind.String } res)
            yield return $"RES {S(e, "responseStatus")} \"{S(e, "responseText")}\" at {res.GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (queue {S(e, "responseQueueId")})";
        else if (S(e, "state") is "AwaitingResponse" or "Missing") yield return $"{S(e, "state")}: deadline {e.GetProperty("deadline").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC";
        if (e.GetProperty("reportAt") is { ValueKind: JsonValueKind.String } rep)
            yield return $"delivery report {S(e, "reportStatus")} at {rep.GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (queue {S(e, "reportQueueId")})";
        if (e.GetProperty("lint") is { ValueKind: JsonValueKind.String } lint) yield return $"lint: {lint.GetString()}";
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : "-";

    private static string Direction(string typed) => typed.ToLowerInvariant() switch
    {
        "in" => "Inbound", "out" => "Outbound", "via" => "Transit", _ => typed,
    };

    private static string Short(string direction) => direction switch { "Outbound" => "out", "Inbound" => "in", "Transit" => "via", _ => direction };

    private static string N(JsonElement e, string name) => e.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string Seconds(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble().ToString("0.##", CultureInfo.InvariantCulture) + "s" : "-";
}
