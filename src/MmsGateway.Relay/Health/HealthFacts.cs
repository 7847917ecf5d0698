namespace MmsGateway.Relay.Health;

/// <summary>What was measured for one operator or one of its next hops: the input of <see cref="HealthRules"/>.</summary>
/// <param name="FailingSince">The first failure after the last success; null while the latest attempt succeeded.</param>
public sealed record HealthFacts(
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? FailingSince,
    string? LastError,
    AttemptCounts Last5,
    AttemptCounts Last60)
{
    public static readonly HealthFacts None = new(null, null, null, null, default, default);
}
