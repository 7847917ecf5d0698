namespace MmsGateway.Relay.Health;

/// <summary>An operator's measured health: the verdict, why, the facts behind it and each next hop's.</summary>
public sealed record OperatorHealth(string Operator, HealthState State, string Reason, HealthFacts Facts, IReadOnlyList<HopHealth> Hops)
{
    public static OperatorHealth Idle(string name) => new(name, HealthState.Idle, "no delivery attempt in the last hour", HealthFacts.None, []);
}
