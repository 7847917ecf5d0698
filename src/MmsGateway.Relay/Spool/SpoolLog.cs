using Microsoft.Extensions.Logging;

namespace MmsGateway.Relay.Spool;

internal static partial class SpoolLog
{
    [LoggerMessage(2001, LogLevel.Information, "Spool {Directory}: read {Messages} messages from {Records} records in {Segments} segments in {Elapsed} ms")]
    public static partial void Recovered(ILogger log, string directory, int messages, int records, int segments, long elapsed);

    [LoggerMessage(2002, LogLevel.Warning, "Spool {Path}: cut {Bytes} bytes of a torn record at the end (written, never acknowledged)")]
    public static partial void TornTail(ILogger log, string path, long bytes);

    [LoggerMessage(2003, LogLevel.Critical, "Spool {Path}: unreadable record at offset {Offset}; records after it are ignored, the file is kept for inspection")]
    public static partial void CorruptSegment(ILogger log, string path, long offset);

    [LoggerMessage(2004, LogLevel.Critical, "Spool write failed; answering 451 until it succeeds again")]
    public static partial void WriteFailed(ILogger log, Exception error);

    [LoggerMessage(2005, LogLevel.Warning, "Spool segment {Path} could not be deleted")]
    public static partial void DeleteFailed(ILogger log, string path, Exception error);
}
