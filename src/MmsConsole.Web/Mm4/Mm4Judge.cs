using MmsConsole.Web.Live;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Policy;

namespace MmsConsole.Web.Mm4;

/// <summary>Judges a partner's MM4 answers to the forwards we sent it (outbound and transit) over the alert
/// window: the share answered with an error status, and the share whose RES never came within the partner's
/// response timeout. Each share is judged only over at least <see cref="ConsoleOptions.Mm4MinForwards"/>
/// forwards: one refusal in a quiet hour is not an incident. Pure: the watcher feeds it summaries.</summary>
public static class Mm4Judge
{
    public static Mm4Verdict Judge(string partner, IEnumerable<Mm4Summary> summaries, ConsoleOptions o, TimeSpan window)
    {
        var ours = summaries.Where(s => s.Partner == partner && s.Direction is TrafficDirection.Outbound or TrafficDirection.Transit).ToList();
        // A late RES was counted missing first: it answered, but not in time, so it is in both.
        var answered = ours.Sum(s => s.Answered + s.Late);
        var inTime = ours.Sum(s => s.Answered);
        var missing = ours.Sum(s => s.Missing);
        var errors = ours.Sum(s => s.Errors);
        var due = inTime + missing;
        var statuses = ours.SelectMany(s => s.Statuses).Where(kv => !kv.Key.Equals("Ok", StringComparison.OrdinalIgnoreCase))
            .GroupBy(kv => kv.Key).Select(g => (Status: g.Key, Count: g.Sum(kv => kv.Value))).OrderByDescending(g => g.Count).ToList();
        var span = window.TotalMinutes < 120 ? $"{window.TotalMinutes:0} min" : $"{window.TotalHours:0.#} h";

        var errorShare = answered >= o.Mm4MinForwards ? (double)errors / answered : 0;
        var missingShare = due >= o.Mm4MinForwards ? (double)missing / due : 0;
        if (answered < o.Mm4MinForwards && due < o.Mm4MinForwards)
            return new Mm4Verdict(partner, Mm4Level.Quiet, $"{due:N0} MM4 forwards due an answer in the last {span} (judged from {o.Mm4MinForwards:N0})",
                answered, errors, missing);

        var level = Level(Math.Max(errorShare, missingShare), o);
        var reasons = new List<string>();
        if (errorShare >= o.Mm4WarningShare && errors > 0)
            reasons.Add($"{errors:N0} of the last {answered:N0} forwards answered {string.Join(", ", statuses.Take(3).Select(s => statuses.Count == 1 ? s.Status : $"{s.Status} ({s.Count:N0})"))}");
        if (missingShare >= o.Mm4WarningShare && missing > 0)
            reasons.Add($"{missing:N0} of {due:N0} forwards got no MM4_forward.RES within the response timeout");
        var reason = reasons.Count == 0
            ? $"{answered:N0} forwards answered in the last {span}, {errors:N0} with an error, {missing:N0} missing"
            : string.Join("; ", reasons) + $" (last {span})";
        return new Mm4Verdict(partner, level, reason, answered, errors, missing);
    }

    private static Mm4Level Level(double share, ConsoleOptions o) =>
        share >= o.Mm4CriticalShare ? Mm4Level.Critical : share >= o.Mm4WarningShare ? Mm4Level.Warning : Mm4Level.Good;
}
