using System.Net;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Policy;

/// <summary>The seed's access map as decided at RCPT (sendmail's delay_checks): every check is made
/// per recipient, so a refusal names the recipient and the session goes on with the next one.</summary>
/// <remarks>Order: the recipient's <c>To:</c> entry, the destination's status, the route, the client's
/// <c>Connect:</c> entry and relay-client status; a client that may not relay may only send to our own
/// domains (or a <c>To: RELAY</c> one), with a sender whose domain has an interconnect agreement
/// or a <c>From: OK</c>. The null sender is always let through to our domains: RFC 5321 §4.5.5 notices
/// must be accepted.</remarks>
public static class AccessPolicy
{
    public static AccessDecision CheckRecipient(RuleSet rules, AccessRequest request)
    {
        var recipient = $"<{request.Recipient}>";
        var to = rules.To(request.Recipient, request.RecipientDomain);
        if (Refusal(to, recipient) is { } byTo) return byTo;

        var route = rules.Resolve(request.RecipientDomain);
        if (route is not null && Down(route, recipient) is { } down) return down;

        var connect = rules.Connect(request.Client);
        if (Refusal(connect, recipient) is { } byConnect) return byConnect;

        var relayDenied = new AccessDecision(AccessVerdict.RelayDenied, recipient);
        if (route is null) return relayDenied;
        if (connect?.Action == AccessAction.Relay || rules.IsRelayClient(request.Client)) return AccessDecision.Accept;

        // Another operator's MM4 gateway: only to us, and only from partners we have an agreement with.
        if (!route.Local && to?.Action != AccessAction.Relay) return relayDenied;
        if (request.NullSender) return AccessDecision.Accept;
        var from = rules.From(request.Sender, request.SenderDomain);
        if (from is not null)
            return from.Action is AccessAction.Ok or AccessAction.Relay ? AccessDecision.Accept : Refusal(from, $"<{request.Sender}>")!.Value;
        return rules.HasAgreement(request.SenderDomain)
            ? AccessDecision.Accept
            : new AccessDecision(AccessVerdict.Refuse, $"<{request.Sender}>: Sender domain {request.SenderDomain} has no interconnect agreement with us");
    }

    private static AccessDecision? Down(Route route, string recipient)
    {
        var who = route.Operator ?? route.Key;
        return route.Status switch
        {
            DestinationStatus.RejectingTemporarily => new AccessDecision(AccessVerdict.TryLater,
                $"{recipient}: {route.StatusText ?? $"{who} is temporarily unavailable, try again later"}"),
            DestinationStatus.RejectingPermanently => new AccessDecision(AccessVerdict.Refuse,
                $"{recipient}: {route.StatusText ?? $"{who} is not accepting mail through this gateway"}"),
            _ => null,
        };
    }

    private static AccessDecision? Refusal(AccessEntry? entry, string who) => entry?.Action switch
    {
        AccessAction.Reject => new AccessDecision(AccessVerdict.Refuse, $"{who}: {entry.Text ?? "Access denied"}"),
        AccessAction.Tempfail => new AccessDecision(AccessVerdict.TryLater, $"{who}: {entry.Text ?? "Try again later"}"),
        _ => null,
    };
}
