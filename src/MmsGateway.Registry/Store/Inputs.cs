using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Store;

/// <summary>An operator as the console and the API send it.</summary>
public sealed record OperatorInput(
    string Name,
    IReadOnlyList<string> Domains,
    IReadOnlyList<string> NextHops,
    bool InboundAllowed = false,
    string? Country = null,
    string? Mcc = null,
    string? Mnc = null,
    int? MaxConnections = null,
    TimeSpan? QueueLifetime = null,
    string? Notes = null,
    OutboundTls Tls = OutboundTls.Opportunistic,
    string? TlsPin = null,
    string? TlsCaFile = null,
    TimeSpan? ResponseTimeout = null,
    long? MaxMessageSize = null,
    bool LintReject = false);

/// <summary>A status switch: what to, what refused clients are told, why, and until when.</summary>
public sealed record StatusInput(DestinationStatus Status, string? Text = null, string? Reason = null, DateTimeOffset? Until = null);

public sealed record AccessInput(AccessKind Kind, string Key, AccessAction Action, string? Text = null, string? Notes = null);

public sealed record OwnDomainInput(string Domain, IReadOnlyList<string> MmscHops, string? Notes = null);

public sealed record RelayClientInput(string Pattern, string? Notes = null);

/// <summary>Our side as a whole: our MMS domains with their MMSCs, and the clients that may relay.</summary>
public sealed record OurSideInput(IReadOnlyList<OwnDomainInput> Domains, IReadOnlyList<RelayClientInput> RelayClients);
