namespace MmsGateway.Relay.Delivery;

/// <summary>One try of one next hop: connected (greeting and EHLO answered 2xx) or not, and why.
/// <paramref name="Destination"/> is the route's operator name, or its key when it has none.</summary>
public sealed record HopResult(DateTimeOffset At, string Destination, string Hop, bool Connected, string? Error);
