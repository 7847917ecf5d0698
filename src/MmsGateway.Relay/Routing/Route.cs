namespace MmsGateway.Relay.Routing;

/// <summary>A mailertable entry: the key it was found under and its next hops, tried in order, with
/// what the registry says of the destination behind it.</summary>
public sealed record Route(string Key, IReadOnlyList<NextHop> Hops)
{
    /// <summary>One of our own MMS domains (routed to our MMSCs): other operators may send to it.</summary>
    public bool Local { get; init; }

    /// <summary>The interconnect partner's name, for logs and replies; null for configured routes.</summary>
    public string? Operator { get; init; }

    public DestinationStatus Status { get; init; } = DestinationStatus.Active;

    /// <summary>What a refused client is told, or why mail is parked.</summary>
    public string? StatusText { get; init; }

    /// <summary>Connections at once to this destination; null: Gateway:Delivery:ConcurrencyPerDestination.</summary>
    public int? Concurrency { get; init; }

    /// <summary>Queue lifetime for this destination; null: Gateway:Delivery's.</summary>
    public TimeSpan? QueueLifetime { get; init; }

    /// <summary>TLS on delivery to this destination; null: Gateway:Delivery:Tls.</summary>
    public TlsPolicy? Tls { get; init; }

    /// <summary>How long an MM4 REQ to this partner may wait for its RES before it counts as missing; null: Gateway:Ledger's.</summary>
    public TimeSpan? ResponseTimeout { get; init; }

    /// <summary>The largest message the interconnect agreement allows, in octets; null: none agreed.</summary>
    public long? MaxMessageSize { get; init; }

    /// <summary>MM4 lint findings refuse the message (554 5.6.0) instead of only being counted.</summary>
    public bool LintReject { get; init; }
}
