using System.Globalization;

namespace MmsGateway.Relay.MailLog;

/// <summary>Searches the mail log, newest first, across the live file and the rotated ones: the console's
/// delivery log over days, after restarts (issue 13). Files whose rotation is older than the range's start
/// are not opened; a scan stops at a byte budget and says how far back it looked.</summary>
public sealed class MailLogReader(string directory, string name = MailLogWriter.FileName)
{
    public const long DefaultBudget = 256L * 1024 * 1024;

    public string Directory => directory;

    /// <param name="cursor">A page's <see cref="MailLogPage.Next"/>, or null for the newest lines.</param>
    public MailLogPage Search(MailLogQuery query, string? cursor, int limit, long budget = DefaultBudget)
    {
        var files = RotatingLogFile.Files(directory, name);
        var (startFile, startOffset) = Parse(cursor, files);
        IReadOnlySet<string>? queueIds = null;
        if (!string.IsNullOrWhiteSpace(query.MessageId))
            queueIds = QueueIdsOf(query.MessageId.Trim(), query, files, budget);
        var entries = new List<MailLogEntry>(limit);
        long scanned = 0;
        for (var f = startFile; f < files.Count; f++)
        {
            var path = files[f];
            if (query.From is { } from && RotatingLogFile.RotatedAt(path, name) is { } rotated && rotated < from) break;
            long end = f == startFile ? startOffset : -1;
            foreach (var (start, line) in Lines(path, end))
            {
                scanned += line.Length + 1;
                if (!MailLogLine.TryParse(line, out var e)) continue;
                if (query.From is { } lo && e.At < lo) return new MailLogPage(entries, null, null, scanned);
                if (Matches(e, line, query, queueIds))
                {
                    entries.Add(e);
                    if (entries.Count >= limit) return new MailLogPage(entries, Cursor(path, start), null, scanned);
                }
                if (scanned >= budget) return new MailLogPage(entries, Cursor(path, start), e.At, scanned);
            }
        }
        return new MailLogPage(entries, null, null, scanned);
    }

    private static IEnumerable<(long Start, string Line)> Lines(string path, long end) =>
        ReverseLines.Open(path) is { } stream ? ReverseLines.Before(stream, end) : [];

    private static bool Matches(MailLogEntry e, string line, MailLogQuery q, IReadOnlySet<string>? queueIds) =>
        (queueIds is null || queueIds.Contains(e.QueueId)) && q.Matches(e, line);

    // A Message-ID is only on the from= line: find its queue ids first, then every line of those.
    private IReadOnlySet<string> QueueIdsOf(string messageId, MailLogQuery q, IReadOnlyList<string> files, long budget)
    {
        var id = messageId.Trim('<', '>');
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long scanned = 0;
        foreach (var path in files)
        {
            if (q.From is { } from && RotatingLogFile.RotatedAt(path, name) is { } rotated && rotated < from) break;
            foreach (var (_, line) in Lines(path, -1))
            {
                scanned += line.Length + 1;
                if (line.Contains("msgid=", StringComparison.Ordinal) && MailLogLine.TryParse(line, out var e)
                    && e.Field("msgid") is { } m && m.Trim('<', '>').Equals(id, StringComparison.OrdinalIgnoreCase))
                    ids.Add(e.QueueId);
                if (scanned >= budget) return ids;
            }
        }
        return ids;
    }

    // "<file name>:<offset>": the file by name, so a page after a rotation finds its place in the renamed file
    // only when the name still exists; otherwise it starts again from the newest file.
    private static string Cursor(string path, long start) =>
        $"{Path.GetFileName(path)}:{start.ToString(CultureInfo.InvariantCulture)}";

    private static (int File, long Offset) Parse(string? cursor, IReadOnlyList<string> files)
    {
        if (string.IsNullOrEmpty(cursor)) return (0, -1);
        var colon = cursor.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(cursor.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            throw new FormatException($"'{cursor}' is not a mail log position");
        var file = cursor[..colon];
        for (var i = 0; i < files.Count; i++)
            if (Path.GetFileName(files[i]) == file) return (i, offset);
        throw new FormatException($"the mail log file '{file}' is no longer there (rotated or pruned); start again from the newest lines");
    }
}
