namespace MmsGateway.Relay.Health;

/// <summary>One next hop of an operator ("[10.0.0.2]:25"), with its own measured state: a primary that
/// refuses while the fallback carries the load is worth seeing.</summary>
public sealed record HopHealth(string Hop, HealthState State, string Reason, HealthFacts Facts);
