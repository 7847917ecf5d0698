namespace MmsGateway.Relay.Ledger;

/// <summary>Where the ledger lives (the registry's database). Every call may throw when the database is
/// unavailable; the writer keeps its observations and tries again.</summary>
public interface ILedgerStore
{
    /// <summary>Applies a batch in one transaction through <see cref="Correlator"/>; returns the counter changes it wrote.</summary>
    Task<LedgerCounts> ApplyAsync(IReadOnlyList<LedgerObservation> batch, CancellationToken cancellationToken);

    /// <summary>Marks REQs whose deadline is before <paramref name="now"/> missing. Safe to run on every gateway at once.</summary>
    Task<LedgerCounts> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes rows and counters from before <paramref name="before"/>; returns the rows deleted.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Queue ids of REQs not yet handed over (after a restart, their hand-overs must still be noticed).</summary>
    Task<IReadOnlyCollection<string>> UndeliveredQueueIdsAsync(CancellationToken cancellationToken);
}
