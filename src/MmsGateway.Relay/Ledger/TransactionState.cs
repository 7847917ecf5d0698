namespace MmsGateway.Relay.Ledger;

/// <summary>What became of an MM4 REQ (issue 14), or of a RES that matched none.</summary>
public enum TransactionState
{
    /// <summary>The REQ is still queued, or bounced (<see cref="LedgerRow.LastError"/> says why).</summary>
    Undelivered,
    /// <summary>Handed over (the next hop said 250) with X-Mms-Ack-Request: Yes; its RES not yet here.</summary>
    AwaitingResponse,
    /// <summary>Handed over without an ack requested: no RES will come.</summary>
    NotExpected,
    /// <summary>Its RES arrived within the partner's response timeout.</summary>
    Answered,
    /// <summary>No RES within the timeout.</summary>
    Missing,
    /// <summary>The RES came after the timeout: counted missing once and late once, both facts kept.</summary>
    Late,
    /// <summary>A RES that matched no REQ (still relayed).</summary>
    Unmatched,
}
