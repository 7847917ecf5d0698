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
/// <param name="LastError">Why the latest deferral happened; null once a delivery succeeded.</param>
/// <param name="NextRetry">The latest deferral's retry time, while anything is deferred.</param>
public sealed record DestinationCounts(string Domain, int Ready, int Deferred, int Held, DateTimeOffset? Oldest,
    string? LastError = null, DateTimeOffset? NextRetry = null)
{
    public int Total => Ready + Deferred + Held;
}
