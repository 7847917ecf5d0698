namespace MmsGateway.Relay.Control;

/// <summary>What a selection term looks at. The letters are sendmail's -q letters, plus ours.</summary>
public enum SelectionField
{
    /// <summary>R: substring of the recipient address (sendmail -qR).</summary>
    Recipient,
    /// <summary>S: substring of the envelope sender (sendmail -qS).</summary>
    Sender,
    /// <summary>I: substring of the queue id (sendmail -qI).</summary>
    QueueId,
    /// <summary>D: the destination domain, exactly (case-insensitive).</summary>
    Destination,
    /// <summary>T: the recipient state (ready, deferred, held).</summary>
    State,
}
