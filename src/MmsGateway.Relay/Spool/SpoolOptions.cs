using System.ComponentModel.DataAnnotations;

namespace MmsGateway.Relay.Spool;

/// <summary>Gateway:Spool. Where messages live until delivered.</summary>
public sealed class SpoolOptions
{
    /// <summary>A segment is closed and a new one started past this size.</summary>
    [Range(1024 * 1024, 4L * 1024 * 1024 * 1024)]
    public long SegmentSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>Below this much free disk, MAIL is answered 452 4.3.1 rather than risking a failed commit.</summary>
    [Range(0, long.MaxValue)]
    public long MinFreeBytes { get; set; } = 100L * 1024 * 1024;
}
