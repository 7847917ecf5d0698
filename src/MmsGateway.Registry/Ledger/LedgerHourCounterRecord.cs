namespace MmsGateway.Registry.Ledger;

/// <summary>The per-minute counters summed by hour, written in the same commit: a day's summary reads 24 of these a
/// name instead of 1,440 minutes (bench: ledger-scale).</summary>
public sealed class LedgerHourCounterRecord
{
    public required string Partner { get; set; }

    public required string Direction { get; set; }

    /// <summary>Unix hours.</summary>
    public long Hour { get; set; }

    public required string Name { get; set; }

    public long Count { get; set; }
}
