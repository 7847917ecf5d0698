using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Delivery;

public enum OutcomeKind { Delivered, Deferred, Bounced }

/// <summary>What one attempt did for one recipient, with the reply that decided it.</summary>
public sealed record DeliveryOutcome(OutcomeKind Kind, string Dsn, string Status, string Relay)
{
    public static DeliveryOutcome Sent(string relay, string reply) => new(OutcomeKind.Delivered, "2.0.0", $"Sent ({reply})", relay);

    public static DeliveryOutcome Defer(string relay, string dsn, string reason) => new(OutcomeKind.Deferred, dsn, $"Deferred: {reason}", relay);

    public static DeliveryOutcome Bounce(string relay, string dsn, string reason) => new(OutcomeKind.Bounced, dsn, $"Bounced: {reason}", relay);

    /// <summary>The connection's TLS ("TLSv1.3", "TLSv1.3 unverified"), or "none".</summary>
    public string Tls { get; init; } = "none";

    /// <summary>The recipient's state this outcome leads to, in the queue's words.</summary>
    public RecipientState Result => Kind switch
    {
        OutcomeKind.Delivered => RecipientState.Delivered,
        OutcomeKind.Deferred => RecipientState.Deferred,
        _ => RecipientState.Bounced,
    };

    /// <summary>The sendmail "stat=" word operators grep for: Sent, Deferred, Bounced.</summary>
    public string StatWord => Kind switch { OutcomeKind.Delivered => "Sent", OutcomeKind.Deferred => "Deferred", _ => "Bounced" };
}
