namespace MmsGateway.Relay.Ledger;

/// <summary>Something the relay saw that the ledger must record, in the order it happened.</summary>
public abstract record LedgerObservation(DateTimeOffset At);
