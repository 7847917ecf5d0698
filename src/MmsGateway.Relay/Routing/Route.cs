namespace MmsGateway.Relay.Routing;

/// <summary>A mailertable entry: the key it was found under and its next hops, tried in order.</summary>
public sealed record Route(string Key, IReadOnlyList<NextHop> Hops);
