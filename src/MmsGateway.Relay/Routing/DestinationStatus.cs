namespace MmsGateway.Relay.Routing;

/// <summary>The NOC's main switch per interconnect partner.</summary>
public enum DestinationStatus
{
    Active,

    /// <summary>New mail refused at RCPT with 4xx: the sending MMSC keeps it and retries.</summary>
    RejectingTemporarily,

    /// <summary>New mail refused at RCPT with 5xx (the seed's <c>To:domain REJECT</c>).</summary>
    RejectingPermanently,

    /// <summary>Mail accepted and parked, never attempted, never expired (the seed's "move the queue
    /// aside"); leaving this state releases and flushes it.</summary>
    Holding,
}
