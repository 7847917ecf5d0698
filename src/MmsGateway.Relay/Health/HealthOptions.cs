namespace MmsGateway.Relay.Health;

/// <summary>Gateway:Health: when measured delivery turns an operator amber or red.</summary>
public sealed class HealthOptions
{
    /// <summary>Every attempt failing, no delivery, for this long: unreachable (red). Shorter failing: degraded.</summary>
    public TimeSpan UnreachableAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>This share of the last 5 minutes' attempts failing: degraded.</summary>
    public double DegradedShare { get; set; } = 0.2;

    /// <summary>Attempts in the last 5 minutes below this are too few for the share to mean anything.</summary>
    public int DegradedMinAttempts { get; set; } = 5;
}
