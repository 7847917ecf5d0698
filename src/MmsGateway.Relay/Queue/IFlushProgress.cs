namespace MmsGateway.Relay.Queue;

/// <summary>What a queued recipient's next outcome counts towards: an operator's flush. Declared here so
/// that the queue can carry it and delivery can report to it, neither knowing who started the flush.</summary>
public interface IFlushProgress
{
    /// <summary>An attempt ended; <paramref name="result"/> is Delivered, Deferred or Bounced.</summary>
    void Attempted(RecipientState result);

    /// <summary>Recipients left the flush unattempted: held, deleted, or taken over by a newer flush.</summary>
    void Withdrawn(int count);
}
