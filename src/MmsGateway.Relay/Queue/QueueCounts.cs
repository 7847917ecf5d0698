namespace MmsGateway.Relay.Queue;

/// <summary>Queue depth at one instant, as the console and mm4ctl show it.</summary>
public sealed record QueueCounts(
    int Messages,
    int Recipients,
    int Ready,
    int Deferred,
    int Held,
    DateTimeOffset? Oldest,
    IReadOnlyList<DestinationCounts> Destinations);

/// <summary>Depth of one destination domain.</summary>
public sealed record DestinationCounts(string Domain, int Ready, int Deferred, int Held, DateTimeOffset? Oldest)
{
    public int Total => Ready + Deferred + Held;
}
