using System.Globalization;

namespace MmsGateway.Relay.MailLog;

/// <summary>An append-only log file rotated by size and by UTC day, as logrotate's dateext would:
/// "maillog" is the live file, "maillog-20261202-154543" the one rotated at that moment, so names
/// sort by age and a time range picks its files by name. Rotated files past the retention are deleted.
/// Durability: each batch is one write(2); the page cache keeps it across a SIGKILL of the process.
/// No fsync: a log line is evidence, not mail (the spool's 250 never waits for it).</summary>
public sealed class RotatingLogFile : IDisposable
{
    private const string StampFormat = "yyyyMMdd-HHmmss";
    private readonly string _directory, _name;
    private readonly long _maxBytes;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _clock;
    private FileStream? _stream;
    private DateOnly _day;

    public RotatingLogFile(string directory, string name, long maxBytes, TimeSpan retention, TimeProvider clock)
    {
        _directory = directory;
        _name = name;
        _maxBytes = maxBytes;
        _retention = retention;
        _clock = clock;
    }

    public string CurrentPath => Path.Combine(_directory, _name);

    /// <summary>Appends one batch (whole lines), rotating first when the batch would pass the size limit
    /// or the day changed since the live file's first line.</summary>
    public void Append(ReadOnlySpan<byte> batch)
    {
        if (batch.IsEmpty) return;
        var now = _clock.GetUtcNow();
        var stream = Open(now);
        if (stream.Length > 0 && (stream.Length + batch.Length > _maxBytes || DateOnly.FromDateTime(now.UtcDateTime) != _day))
        {
            Rotate(now);
            stream = Open(now);
        }
        stream.Write(batch);
        stream.Flush();
    }

    /// <summary>The live file then the rotated ones, newest first.</summary>
    public static IReadOnlyList<string> Files(string directory, string name)
    {
        if (!Directory.Exists(directory)) return [];
        var rotated = Directory.EnumerateFiles(directory, name + "-*").Where(f => RotatedAt(f, name) is not null)
            .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal);
        var live = Path.Combine(directory, name);
        return (File.Exists(live) ? [live] : Array.Empty<string>()).Concat(rotated).ToList();
    }

    /// <summary>Every line of the live file and then the rotated ones, newest first, read backwards block by block.</summary>
    public static IEnumerable<string> LinesNewestFirst(string directory, string name)
    {
        foreach (var path in Files(directory, name))
            if (ReverseLines.Open(path) is { } stream)
                foreach (var (_, line) in ReverseLines.Before(stream, -1))
                    yield return line;
    }

    /// <summary>When a rotated file was rotated (its last line is older); null for the live file or another name.</summary>
    public static DateTimeOffset? RotatedAt(string path, string name)
    {
        var file = Path.GetFileName(path);
        if (!file.StartsWith(name + "-", StringComparison.Ordinal)) return null;
        var stamp = file[(name.Length + 1)..];
        var dot = stamp.IndexOf('.');
        if (dot >= 0) stamp = stamp[..dot];
        return DateTime.TryParseExact(stamp, StampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? new DateTimeOffset(t, TimeSpan.Zero) : null;
    }

    private FileStream Open(DateTimeOffset now)
    {
        if (_stream is not null) return _stream;
        Directory.CreateDirectory(_directory);
        var path = CurrentPath;
        var existed = File.Exists(path) && new FileInfo(path).Length > 0;
        // FileShare.Delete: readers (the console) may hold it while it is renamed away.
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
        // Addresses are personal data: the owner and its group (adm, as syslog's files), nobody else.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        _stream = new FileStream(path, options);
        _day = DateOnly.FromDateTime(existed ? File.GetLastWriteTimeUtc(path) : now.UtcDateTime);
        return _stream;
    }

    private void Rotate(DateTimeOffset now)
    {
        _stream?.Dispose();
        _stream = null;
        var target = Path.Combine(_directory, $"{_name}-{now.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture)}");
        for (var n = 1; File.Exists(target); n++)
            target = Path.Combine(_directory, $"{_name}-{now.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture)}.{n}");
        File.Move(CurrentPath, target);
        Prune(now);
    }

    /// <summary>Deletes rotated files whose rotation is older than the retention.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var f in Files(_directory, _name).Skip(1))
            if (RotatedAt(f, _name) is { } at && now - at > _retention)
                try { File.Delete(f); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
