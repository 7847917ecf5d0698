namespace MmsGateway.Registry.Ledger;

/// <summary>One per-minute counter of the ledger (<see cref="Relay.Ledger.LedgerCounter"/>): added to, never rewritten.</summary>
public sealed class LedgerCounterRecord
{
    public required string Partner { get; set; }

    public required string Direction { get; set; }

    /// <summary>Unix minutes.</summary>
    public long Minute { get; set; }

    public required string Name { get; set; }

    public long Count { get; set; }
}
