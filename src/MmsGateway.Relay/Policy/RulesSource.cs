using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Policy;

/// <summary>Rules as plain data, from configuration or from the registry, before they are checked and
/// indexed into a <see cref="RuleSet"/>.</summary>
/// <param name="Routes">The mailertable, our own domains (<see cref="Route.Local"/>) included.</param>
/// <param name="RelayClients">Clients that may send to any routed destination: address, CIDR or host name.</param>
/// <param name="Access">Extra access-map entries.</param>
/// <param name="AgreementDomains">Sender domains of operators with an interconnect agreement (the <c>From:</c> whitelist).</param>
public sealed record RulesSource(
    IReadOnlyList<Route> Routes,
    IReadOnlyList<string> RelayClients,
    IReadOnlyList<AccessEntry> Access,
    IReadOnlyList<string> AgreementDomains)
{
    public static readonly RulesSource Empty = new([], [], [], []);
}
