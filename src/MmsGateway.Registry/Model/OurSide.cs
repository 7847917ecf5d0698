namespace MmsGateway.Registry.Model;

/// <summary>One of our own MMS domains and the MMSCs that receive its inbound traffic (the seed's
/// mailertable line for our own domain, plus its <c>To: RELAY</c> entry).</summary>
public sealed class OwnDomain
{
    public int Id { get; set; }

    public required string Domain { get; set; }

    public List<string> MmscHops { get; set; } = [];

    public string? Notes { get; set; }
}

/// <summary>A client allowed to relay to any routed destination (the seed's <c>Connect: RELAY</c>):
/// our MMSCs, localhost. An address, a CIDR or a host name (looked up forward).</summary>
public sealed class RelayClient
{
    public int Id { get; set; }

    public required string Pattern { get; set; }

    public string? Notes { get; set; }
}

/// <summary>An access-map entry an operator record does not cover.</summary>
public sealed class AccessRule
{
    public int Id { get; set; }

    public Relay.Policy.AccessKind Kind { get; set; }

    public required string Key { get; set; }

    public Relay.Policy.AccessAction Action { get; set; }

    public string? Text { get; set; }

    public string? Notes { get; set; }
}

/// <summary>A single row whose number goes up with every committed change, so that every gateway
/// reading the registry notices a change within its poll interval, whoever made it.</summary>
public sealed class RegistryRevision
{
    public int Id { get; set; }

    public long Revision { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
