namespace MmsGateway.Relay.Ledger;

/// <summary>Gateway:Ledger: the MM4 transaction ledger (docs/mm4.md).</summary>
public sealed class LedgerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How long a REQ waits for its RES before it is missing, unless its operator says otherwise.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Rows and counters older than this are pruned.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Observations written in one transaction at most.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>How often pending observations are written.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Observations held while the ledger cannot be written; past it the oldest are dropped and counted.</summary>
    public int MaxPending { get; set; } = 200_000;

    /// <summary>How often REQs past their deadline are marked missing.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
