namespace MmsGateway.Relay.Control;

/// <summary>Every delivery attempt, one event per recipient (the console's live delivery log).</summary>
public sealed class DeliveryFeed : EventFeed<DeliveryAttempt>;
