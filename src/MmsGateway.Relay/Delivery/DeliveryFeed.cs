using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Delivery;

/// <summary>Every delivery attempt, one event per recipient (the console's live delivery log), and
/// beside it every next-hop connection tried (a failing primary hidden by a working fallback shows there).</summary>
public sealed class DeliveryFeed : EventFeed<DeliveryAttempt>
{
    public EventFeed<HopResult> Hops { get; } = new();
}
