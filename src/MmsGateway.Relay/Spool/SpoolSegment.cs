using Microsoft.Win32.SafeHandles;

namespace MmsGateway.Relay.Spool;

/// <summary>One append-only spool file. It may be deleted once it is the oldest and holds no
/// live message: deleting strictly oldest-first keeps every later state record meaningful.</summary>
internal sealed class SpoolSegment(int number, string path) : IDisposable
{
    public int Number { get; } = number;

    public string Path { get; } = path;

    public long Length;

    /// <summary>Messages whose current body is in this segment and that are still queued.</summary>
    public int LiveBodies;

    private SafeFileHandle? _read;
    private readonly Lock _gate = new();

    public SafeFileHandle ReadHandle()
    {
        lock (_gate)
            return _read ??= File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    public static string FileName(int number) => $"{number:D8}.seg";

    public void Dispose()
    {
        lock (_gate) { _read?.Dispose(); _read = null; }
    }
}
