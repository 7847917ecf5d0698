using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Store;

public sealed record OperatorView(
    int Id, string Name, string? Country, string? Mcc, string? Mnc, IReadOnlyList<string> Domains, IReadOnlyList<string> NextHops,
    bool InboundAllowed, DestinationStatus Status, string? StatusText, DateTimeOffset? StatusUntil, int? MaxConnections,
    TimeSpan? QueueLifetime, string? Notes, DateTimeOffset UpdatedAt, OutboundTls Tls = OutboundTls.Opportunistic, string? TlsPin = null, string? TlsCaFile = null,
    TimeSpan? ResponseTimeout = null, long? MaxMessageSize = null, bool LintReject = false)
{
    internal static OperatorView Of(Operator o) => new(o.Id, o.Name, o.Country, o.Mcc, o.Mnc,
        o.Domains.Select(d => d.Domain).Order(StringComparer.Ordinal).ToList(), o.NextHops, o.InboundAllowed, o.Status, o.StatusText,
        o.StatusUntil, o.MaxConnections, o.QueueLifetime, o.Notes, o.UpdatedAt, o.Tls, o.TlsPin, o.TlsCaFile,
        o.ResponseTimeout, o.MaxMessageSize, o.LintReject);
}

public sealed record StatusChangeView(int Id, int OperatorId, DateTimeOffset At, string By, DestinationStatus From, DestinationStatus To,
    string? Reason, string? Text, DateTimeOffset? Until)
{
    internal static StatusChangeView Of(StatusChange c) => new(c.Id, c.OperatorId, c.At, c.By, c.From, c.To, c.Reason, c.Text, c.Until);
}

public sealed record AccessView(int Id, AccessKind Kind, string Key, AccessAction Action, string? Text, string? Notes)
{
    internal static AccessView Of(AccessRule a) => new(a.Id, a.Kind, a.Key, a.Action, a.Text, a.Notes);
}

public sealed record OurSideView(IReadOnlyList<OwnDomainInput> Domains, IReadOnlyList<RelayClientInput> RelayClients);

/// <summary>The outcome of a change: the value, or errors by field (nothing saved), plus warnings.</summary>
public sealed record RegistryResult<T>(T? Value, IReadOnlyDictionary<string, string[]>? Errors, IReadOnlyList<string> Warnings, bool NotFound = false)
{
    public bool Ok => Errors is null && !NotFound;

    public static RegistryResult<T> Missing => new(default, null, [], NotFound: true);
}
