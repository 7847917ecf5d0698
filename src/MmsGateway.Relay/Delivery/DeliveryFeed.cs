using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Delivery;

/// <summary>Every delivery attempt, one event per recipient (the console's live delivery log).</summary>
public sealed class DeliveryFeed : EventFeed<DeliveryAttempt>;
