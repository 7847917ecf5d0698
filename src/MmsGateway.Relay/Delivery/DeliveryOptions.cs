using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Delivery;

/// <summary>Gateway:Delivery. How queued mail leaves: concurrency, timeouts, retries, lifetime.</summary>
public sealed class DeliveryOptions
{
    /// <summary>False queues without ever delivering (sendmail's -odq with no queue runner): for
    /// maintenance and for measuring the accept path alone.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The seed's confTO_CONNECT: per next hop, before the next one is tried.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per SMTP command and per DATA block (RFC 5321 §4.5.3.2 asks for minutes, not seconds).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Connections open at once to one destination domain, at most: Postfix's
    /// default_destination_concurrency_limit. A destination starts with one and opens another each time
    /// a delivery succeeds while more mail waits; an operator's own limit (the registry's maxConnections) wins.</summary>
    public int ConcurrencyPerDestination { get; set; } = 20;

    /// <summary>Messages sent over one connection before it is closed and a fresh one opened.</summary>
    public int MaxMessagesPerConnection { get; set; } = 100;

    /// <summary>How long an idle connection is kept for the next message to the same hop.</summary>
    public TimeSpan ConnectionIdleTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry after a temporary failure; doubled each time up to <see cref="RetryMax"/>, ±<see cref="RetryJitter"/>.</summary>
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromHours(1);

    public double RetryJitter { get; set; } = 0.2;

    /// <summary>The seed's Timeout.queuereturn: a recipient still undelivered this long after arrival is bounced.</summary>
    public TimeSpan QueueLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Per destination domain, overrides <see cref="QueueLifetime"/> (an operator known to be slow to recover).</summary>
    public Dictionary<string, TimeSpan> QueueLifetimeByDomain { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registry's lifetime for the destination's operator, else Gateway:Delivery:QueueLifetimeByDomain, else QueueLifetime.</summary>
    public TimeSpan LifetimeFor(string domain, Policy.RuleSet rules) =>
        rules.Resolve(domain)?.QueueLifetime ?? (QueueLifetimeByDomain.TryGetValue(domain, out var t) ? t : QueueLifetime);

    /// <summary>TLS towards destinations whose operator does not say (configured routes, and the default
    /// of new operators): opportunistic, as Postfix's smtp_tls_security_level=may.</summary>
    public OutboundTls Tls { get; set; } = OutboundTls.Opportunistic;

    /// <summary>The registry's concurrency for the destination's operator, else ConcurrencyPerDestination.</summary>
    public int ConcurrencyFor(string domain, Policy.RuleSet rules) =>
        rules.Resolve(domain)?.Concurrency ?? ConcurrencyPerDestination;
}
