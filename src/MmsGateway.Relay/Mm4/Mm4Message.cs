namespace MmsGateway.Relay.Mm4;

/// <summary>What the X-Mms-* headers of one message say (3GPP TS 23.140 §8.4), ids without their quotes and
/// angle brackets, every other value as written. Read from the header block only; the bytes are never changed.</summary>
public sealed record Mm4Message(Mm4MessageType Type)
{
    public string? TransactionId { get; init; }

    public string? MessageId { get; init; }

    public string? Version { get; init; }

    /// <summary>X-Mms-Ack-Request as written ("Yes", "No"), or null when absent.</summary>
    public string? AckRequest { get; init; }

    public string? DeliveryReport { get; init; }

    public string? OriginatorSystem { get; init; }

    public string? RequestStatus { get; init; }

    public string? StatusText { get; init; }

    public string? MmStatus { get; init; }

    public string? From { get; init; }

    public string? Sender { get; init; }

    /// <summary>The header recipients (To and Cc), each address as written.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    public bool AckRequested => string.Equals(AckRequest, "Yes", StringComparison.OrdinalIgnoreCase);

    public bool ReportRequested => string.Equals(DeliveryReport, "Yes", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sender's number: from From, else Sender, when PLMN.</summary>
    public string? SenderNumber => Msisdn.FromAddress(From) ?? Msisdn.FromAddress(Sender);

    /// <summary>The first header recipient's number when PLMN.</summary>
    public string? RecipientNumber => To.Select(Msisdn.FromAddress).FirstOrDefault(n => n is not null);
}
