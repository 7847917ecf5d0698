using System.Globalization;
using System.Text.Json;

namespace MmsConsole.Cli;

// Operator status switches and traffic captures.
internal sealed partial class Commands
{
    public async Task<int> OperatorListAsync()
    {
        var (listed, operators) = await api.GetAsync("/api/operators");
        if (listed != ExitCodes.Ok) return listed;
        var table = new TextTable(">id", "name", "status", "domains");
        foreach (var o in operators.EnumerateArray())
            table.Add(N(o, "id"), o.GetProperty("name").GetString(), o.GetProperty("status").GetString(),
                string.Join(' ', o.GetProperty("domains").EnumerateArray().Select(d => d.GetString())));
        await table.WriteAsync(output, Width);
        return ExitCodes.Ok;
    }

    public async Task<int> OperatorDownAsync(string name, string? reject, bool hold, string? reason, string? text, double? hours)
    {
        if (string.IsNullOrWhiteSpace(reason)) return await Mm4Ctl.UsageAsync(error, "operator down: --reason TEXT is required (it goes to the audit trail)");
        string status;
        if (hold && reject is null) status = "Holding";
        else if (!hold && reject is "temp" or "temporary") status = "RejectingTemporarily";
        else if (!hold && reject is "perm" or "permanent") status = "RejectingPermanently";
        else return await Mm4Ctl.UsageAsync(error, "operator down: one of --reject temp, --reject perm or --hold");
        if (hours is <= 0) return await Mm4Ctl.UsageAsync(error, $"--hours: '{hours}' is not a positive number");
        return await SetStatusAsync(name, status, text, reason, hours is { } h ? DateTimeOffset.UtcNow.AddHours(h) : null);
    }

    public async Task<int> OperatorUpAsync(string name, string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? await Mm4Ctl.UsageAsync(error, "operator up: --reason TEXT is required (it goes to the audit trail)")
            : await SetStatusAsync(name, "Active", null, reason, null);

    private async Task<int> SetStatusAsync(string name, string status, string? text, string reason, DateTimeOffset? until)
    {
        var (code, op) = await FindOperatorAsync(name);
        if (code != ExitCodes.Ok) return code;
        (code, var saved) = await api.PostAsync($"/api/operators/{op.GetProperty("id").GetInt32()}/status", new { status, text, reason, until });
        if (code != ExitCodes.Ok) return code;
        await output.WriteLineAsync($"{saved.GetProperty("value").GetProperty("name").GetString()}: {op.GetProperty("status").GetString()} -> {status}" +
            (until is { } u ? $" until {u.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : ""));
        return ExitCodes.Ok;
    }

    // By name (any case) or by one of its domains, as an engineer would say it.
    private async Task<(int, JsonElement)> FindOperatorAsync(string key)
    {
        var (code, operators) = await api.GetAsync("/api/operators");
        if (code != ExitCodes.Ok) return (code, default);
        foreach (var o in operators.EnumerateArray())
            if (string.Equals(o.GetProperty("name").GetString(), key, StringComparison.OrdinalIgnoreCase)
                || o.GetProperty("domains").EnumerateArray().Any(d => string.Equals(d.GetString(), key, StringComparison.OrdinalIgnoreCase)))
                return (ExitCodes.Ok, o);
        await error.WriteLineAsync($"mm4ctl: no operator named '{key}' or with that domain (mm4ctl operator list)");
        return (ExitCodes.Refused, default);
    }

    public async Task<int> CaptureListAsync()
    {
        var (code, list) = await api.GetAsync("/api/captures");
        if (code != ExitCodes.Ok) return code;
        var table = new TextTable(">id", "kind", "peer", "state", ">transcripts");
        foreach (var c in list.EnumerateArray())
            table.Add(N(c, "id"), c.GetProperty("kind").GetString(), c.GetProperty("peer").GetString(),
                c.GetProperty("active").GetBoolean() ? "running until " + c.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime.ToString("HH:mm:ss") + " UTC" : "ended",
                c.GetProperty("transcripts").GetArrayLength().ToString(CultureInfo.InvariantCulture));
        await table.WriteAsync(output, Width);
        return ExitCodes.Ok;
    }

    public async Task<int> CaptureStartAsync(string? client, string? domain, double? minutes, string? reason)
    {
        if ((client is null) == (domain is null)) return await Mm4Ctl.UsageAsync(error, "capture start: one of --client ADDRESS or --operator DOMAIN");
        if (string.IsNullOrWhiteSpace(reason)) return await Mm4Ctl.UsageAsync(error, "capture start: --reason TEXT is required");
        var (code, c) = await api.PostAsync("/api/captures", new { kind = client is not null ? "Client" : "Destination", peer = client ?? domain, minutes, reason });
        if (code != ExitCodes.Ok) return code;
        await output.WriteLineAsync($"capture {c.GetProperty("id").GetInt32()} of {c.GetProperty("peer").GetString()} runs until " +
            $"{c.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, then stops by itself");
        return ExitCodes.Ok;
    }

    public async Task<int> CaptureStopAsync(int id)
    {
        var (code, _) = await api.DeleteAsync($"/api/captures/{id}");
        if (code != ExitCodes.Ok) return code;
        await output.WriteLineAsync($"capture {id} stopped");
        return ExitCodes.Ok;
    }
}
