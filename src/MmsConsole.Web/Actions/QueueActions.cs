using MmsConsole.Web.Live;
using MmsConsole.Web.Messages;
using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Actions;

public enum QueueAction { Flush, Hold, Release, Delete, Bounce }

/// <summary>What the NOC does to queued mail (sendmail's -qR/-qS/-qI flushes, holding mail aside,
/// deleting, bouncing), from the Queue and Flush pages or the API: each the queue call and its audit entry.
/// Several selections (the rows ticked on the Queue page) are one action and one entry.</summary>
public sealed class QueueActions(IQueueControl queue, ActionAudit audit, FlushHistory? history = null)
{
    public static string Audited(QueueAction action) => $"queue.{action.ToString().ToLowerInvariant()}";

    public async Task<IReadOnlyList<FlushRun>> FlushAsync(Actor by, IReadOnlyList<QueueSelection> selections, string? reason)
    {
        var runs = selections.Select(queue.Flush).ToList();
        foreach (var r in runs) history?.Started(r, by.Name);
        await audit.RecordAsync(by, "queue.flush", Target(selections),
            new Flushed(runs.Select(r => r.Id).ToList(), runs.Sum(r => r.Selected)), reason);
        return runs;
    }

    /// <summary>Hold, release, delete or bounce (<paramref name="reason"/> is the bounce text sent to each sender).</summary>
    public async Task<QueueActionResult> ApplyAsync(Actor by, QueueAction action, IReadOnlyList<QueueSelection> selections, string? reason,
        CancellationToken ct = default)
    {
        if (action == QueueAction.Flush) throw new ArgumentException("a flush is FlushAsync", nameof(action));
        var results = new List<QueueActionResult>();
        try
        {
            foreach (var s in selections)
                results.Add(action switch
                {
                    QueueAction.Hold => await queue.HoldAsync(s, ct),
                    QueueAction.Release => await queue.ReleaseAsync(s, ct),
                    QueueAction.Bounce => await queue.BounceAsync(s, reason ?? "", ct),
                    _ => await queue.DeleteAsync(s, ct),
                });
        }
        catch (Exception e) when (e is IOException or MmsGateway.Relay.Spool.SpoolUnavailableException)
        {
            await audit.RecordAsync(by, Audited(action), Target(selections), new Failed(e.Message, Sum(results)), reason, succeeded: false);
            throw;
        }
        var total = Sum(results);
        await audit.RecordAsync(by, Audited(action), Target(selections), total, reason);
        return total;
    }

    public async Task<FlushRun?> StopFlushAsync(Actor by, int id)
    {
        var run = queue.Flushes.FirstOrDefault(f => f.Id == id);
        run?.Stop();
        await audit.RecordAsync(by, "queue.flush-stop", run is null ? $"flush {id}" : $"flush {id} {run.Selection}",
            run is null ? null : new Stopped(run.Id, run.Attempted, run.Selected), null, run is not null);
        return run;
    }

    /// <summary>The message itself (an MMS's pictures): each read is recorded.</summary>
    public async Task<Stream?> OpenMessageAsync(Actor by, string queueId)
    {
        var stream = queue.OpenMessage(queueId);
        await audit.RecordAsync<object>(by, "queue.read-message", queueId, null, null, stream is not null);
        return stream;
    }

    /// <summary>One decoded part of a queued message (an MMS's picture or text), recorded as a read of the message.</summary>
    public async Task<(byte[] Content, string ContentType, string? FileName)?> OpenPartAsync(Actor by, string queueId, int index, CancellationToken ct = default)
    {
        await using var stream = queue.OpenMessage(queueId);
        var part = stream is null ? null : await MimeStructure.PartAsync(stream, index, ct);
        await audit.RecordAsync<object>(by, "queue.read-message", $"{queueId} part {index}", null, null, part is not null);
        return part;
    }

    /// <summary>The message's MIME tree with its text parts, for the drawer; recorded as a read of the message.</summary>
    public async Task<IReadOnlyList<MimeNode>?> ReadStructureAsync(Actor by, string queueId, CancellationToken ct = default)
    {
        await using var stream = queue.OpenMessage(queueId);
        var nodes = stream is null ? null : await MimeStructure.ReadAsync(stream, ct);
        await audit.RecordAsync<object>(by, "queue.read-message", queueId, null, null, nodes is not null);
        return nodes;
    }

    private static string Target(IReadOnlyList<QueueSelection> selections) =>
        selections.Count == 0 ? "whole queue" : string.Join(" | ", selections.Select(s => s.Terms.Count == 0 ? "whole queue" : s.ToString()));

    private static QueueActionResult Sum(List<QueueActionResult> r) =>
        new(r.Sum(x => x.Recipients), r.Sum(x => x.LifetimesExtended), r.Sum(x => x.NoticesSent));

    private sealed record Flushed(IReadOnlyList<int> Flushes, int Selected);

    private sealed record Stopped(int Flush, int Attempted, int Selected);

    private sealed record Failed(string Error, QueueActionResult Done);
}
