using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Model;

/// <summary>An interconnect partner: one record replaces its mailertable line, its <c>To:</c> entry
/// and its <c>From:</c> whitelist entry in the seed's hand-edited maps.</summary>
public sealed class Operator
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Country { get; set; }

    /// <summary>Mobile country code, three digits ("238").</summary>
    public string? Mcc { get; set; }

    /// <summary>Mobile network code, two or three digits ("002").</summary>
    public string? Mnc { get; set; }

    public List<OperatorDomain> Domains { get; set; } = [];

    /// <summary>Its MM4 gateways in the order tried: primary first, then fallbacks.</summary>
    public List<string> NextHops { get; set; } = [];

    /// <summary>An interconnect agreement exists: its gateways may send to us (the seed's <c>From: OK</c>).</summary>
    public bool InboundAllowed { get; set; }

    public DestinationStatus Status { get; set; } = DestinationStatus.Active;

    /// <summary>What refused clients are told while it is down, or why its mail is held.</summary>
    public string? StatusText { get; set; }

    /// <summary>When a down status ends by itself and the operator is brought up.</summary>
    public DateTimeOffset? StatusUntil { get; set; }

    /// <summary>Connections at once to its gateways; null: the gateway's default.</summary>
    public int? MaxConnections { get; set; }

    /// <summary>How long its mail may stay queued; null: the gateway's default.</summary>
    public TimeSpan? QueueLifetime { get; set; }

    /// <summary>TLS on delivery to its gateways (the interconnect agreement's terms).</summary>
    public OutboundTls Tls { get; set; } = OutboundTls.Opportunistic;

    /// <summary>SHA-256 fingerprint (hex) of the one certificate to accept from its gateways, if pinned.</summary>
    public string? TlsPin { get; set; }

    /// <summary>A PEM file with its private CA, trusted for its gateways instead of the system's roots.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>How long an MM4 REQ to it may wait for its RES before it is missing; null: Gateway:Ledger's.</summary>
    public TimeSpan? ResponseTimeout { get; set; }

    /// <summary>The largest message the interconnect agreement allows, in octets; null: none agreed.</summary>
    public long? MaxMessageSize { get; set; }

    /// <summary>MM4 lint findings in its traffic refuse the message (554 5.6.0) instead of only being counted.</summary>
    public bool LintReject { get; set; }

    public string? Notes { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<StatusChange> StatusChanges { get; set; } = [];
}

/// <summary>One MMS domain of an operator; unique across the registry.</summary>
public sealed class OperatorDomain
{
    public int Id { get; set; }

    public int OperatorId { get; set; }

    public required string Domain { get; set; }
}

/// <summary>Who changed an operator's status, when, why, and until when.</summary>
public sealed class StatusChange
{
    public int Id { get; set; }

    public int OperatorId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string By { get; set; }

    public DestinationStatus From { get; set; }

    public DestinationStatus To { get; set; }

    public string? Reason { get; set; }

    public string? Text { get; set; }

    public DateTimeOffset? Until { get; set; }
}
