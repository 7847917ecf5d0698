using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Live;

/// <summary>One flush as the flush history keeps it (a line of data/log/flushes): who, what in words and
/// as sendmail would write it, when, and how it ended. Written when it starts and again when it ends,
/// so a run that a restart interrupted is shown as such.</summary>
public sealed record FlushRecord(
    string Key, int Id, string By, string Selection, string Words, DateTimeOffset Started, DateTimeOffset? Finished,
    string State, int Selected, int Attempted, int Delivered, int Deferred, int Bounced, int Withdrawn)
{
    public TimeSpan? Duration => Finished - Started;

    public static FlushRecord Of(string key, FlushRun r, string by, string words) => new(key, r.Id, by, r.Selection, words, r.StartedAt, r.FinishedAt,
        r.State.ToString(), r.Selected, r.Attempted, r.Delivered, r.Deferred, r.Bounced, r.Withdrawn);
}
