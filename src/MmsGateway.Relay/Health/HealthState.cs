namespace MmsGateway.Relay.Health;

/// <summary>An operator's or a next hop's health as measured from delivery attempts (issue 13), beside
/// its administrative status. Ordered from good to bad so that "the worse of two" is a comparison.</summary>
public enum HealthState { Idle, Delivering, Degraded, Unreachable }
