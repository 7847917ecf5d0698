namespace MmsGateway.Relay.Health;

/// <summary>Delivery attempts (one per recipient, as logged) and how many of them failed, over a window.</summary>
public readonly record struct AttemptCounts(int Attempts, int Failures)
{
    public double FailedShare => Attempts == 0 ? 0 : Failures / (double)Attempts;

    public static AttemptCounts operator +(AttemptCounts a, AttemptCounts b) => new(a.Attempts + b.Attempts, a.Failures + b.Failures);
}
