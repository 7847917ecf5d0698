using System.Net;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Policy;

/// <summary>Who a message is between: the direction, and the partner on the far side of it (for a message
/// to a partner, the one it goes to; from a partner to our MMSC, the one it comes from), by the operator's
/// name in the registry or else the domain. The same partner answers the other way, which is what lets an
/// MM4 RES find its REQ (docs/mm4.md).</summary>
public sealed record TrafficParties(string Partner, TrafficDirection Direction, Route? PartnerRoute, string From, string To)
{
    /// <summary>Our side sends when the client is one of our relay clients (our MMSCs) or the envelope sender
    /// is in one of our own domains; it receives when the first recipient's domain is ours.</summary>
    public static TrafficParties Of(RuleSet rules, IPAddress? client, string senderDomain, string recipientDomain)
    {
        var senderRoute = senderDomain.Length > 0 ? rules.Resolve(senderDomain) : null;
        var recipientRoute = rules.Resolve(recipientDomain);
        var fromUs = senderRoute is { Local: true } || (client is not null && rules.IsRelayClient(client) && senderRoute is not { Local: false });
        var toUs = recipientRoute is { Local: true };
        var from = fromUs ? "local" : senderRoute?.Operator ?? senderRoute?.Key ?? (senderDomain.Length > 0 ? senderDomain : "unknown");
        var to = toUs ? "local" : recipientRoute?.Operator ?? recipientRoute?.Key ?? recipientDomain;
        if (toUs && !fromUs) return new TrafficParties(from, TrafficDirection.Inbound, senderRoute, from, to);
        if (fromUs) return new TrafficParties(to, TrafficDirection.Outbound, recipientRoute, from, to);
        return new TrafficParties(to, TrafficDirection.Transit, recipientRoute, from, to);
    }

    /// <summary>For an answer (an MM4 RES): the partner of the request it answers. In transit the answer
    /// travels back, so that partner is the one it comes from.</summary>
    public string PartnerOfRequest => Direction == TrafficDirection.Transit ? From : Partner;
}
