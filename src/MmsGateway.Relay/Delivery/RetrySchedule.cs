namespace MmsGateway.Relay.Delivery;

/// <summary>When to try again after a temporary failure: exponential backoff with jitter, so that
/// 200,000 messages deferred together by one outage do not all come due in the same second.</summary>
public sealed class RetrySchedule(DeliveryOptions options)
{
    public TimeSpan DelayAfter(int attempts, double random)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var baseMs = Math.Min(options.RetryInitial.TotalMilliseconds * Math.Pow(2, exponent), options.RetryMax.TotalMilliseconds);
        var jitter = 1 + options.RetryJitter * (2 * random - 1);
        return TimeSpan.FromMilliseconds(Math.Max(1, baseMs * jitter));
    }
}
