using System.Net;
using MmsGateway.Relay.Routing;
using MmsGateway.Relay.Smtp;

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
    /// <summary>Null when the recipient is accepted; otherwise the reply to send.</summary>
    public static SmtpReply? CheckRecipient(RuleSet rules, IPAddress client, SmtpAddress sender, SmtpAddress recipient)
    {
        var to = rules.To(recipient.Text, recipient.Domain);
        if (Refusal(to, $"<{recipient.Text}>") is { } byTo) return byTo;

        var route = rules.Resolve(recipient.Domain);
        if (route is not null && Down(route, recipient) is { } down) return down;

        var connect = rules.Connect(client);
        if (Refusal(connect, $"<{recipient.Text}>") is { } byConnect) return byConnect;

        if (route is null) return SmtpReplies.RelayDenied(recipient.Text);
        if (connect?.Action == AccessAction.Relay || rules.IsRelayClient(client)) return null;

        // Another operator's MM4 gateway: only to us, and only from partners we have an agreement with.
        if (!route.Local && to?.Action != AccessAction.Relay) return SmtpReplies.RelayDenied(recipient.Text);
        if (sender.IsNull) return null;
        var from = rules.From(sender.Text, sender.Domain);
        if (from is not null)
            return from.Action is AccessAction.Ok or AccessAction.Relay ? null : Refusal(from, $"<{sender.Text}>");
        return rules.HasAgreement(sender.Domain)
            ? null
            : new SmtpReply(550, "5.7.1", $"<{sender.Text}>: Sender domain {sender.Domain} has no interconnect agreement with us");
    }

    private static SmtpReply? Down(Route route, SmtpAddress recipient)
    {
        var who = route.Operator ?? route.Key;
        return route.Status switch
        {
            DestinationStatus.RejectingTemporarily => new SmtpReply(451, "4.7.1",
                $"<{recipient.Text}>: {route.StatusText ?? $"{who} is temporarily unavailable, try again later"}"),
            DestinationStatus.RejectingPermanently => new SmtpReply(550, "5.7.1",
                $"<{recipient.Text}>: {route.StatusText ?? $"{who} is not accepting mail through this gateway"}"),
            _ => null,
        };
    }

    private static SmtpReply? Refusal(AccessEntry? entry, string who) => entry?.Action switch
    {
        AccessAction.Reject => new SmtpReply(550, "5.7.1", $"{who}: {entry.Text ?? "Access denied"}"),
        AccessAction.Tempfail => new SmtpReply(451, "4.7.1", $"{who}: {entry.Text ?? "Try again later"}"),
        _ => null,
    };
}
