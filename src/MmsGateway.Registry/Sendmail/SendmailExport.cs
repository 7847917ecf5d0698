using System.Text;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Sendmail;

/// <summary>Writes the registry back as the seed's mailertable and access map. What sendmail cannot
/// express (a hop port, holding, per-operator limits) is written as a comment, not dropped silently.</summary>
public static class SendmailExport
{
    public static (string Mailertable, string Access) Write(IReadOnlyList<Operator> operators, IReadOnlyList<OwnDomain> own,
        IReadOnlyList<RelayClient> clients, IReadOnlyList<AccessRule> access)
    {
        var mt = new StringBuilder("# mailertable exported from the MM4 gateway registry\n");
        var am = new StringBuilder("# access map exported from the MM4 gateway registry\n");
        foreach (var d in own.OrderBy(d => d.Domain, StringComparer.Ordinal))
            Route(mt, d.Domain, d.MmscHops, "our own domain");
        foreach (var o in operators.OrderBy(o => o.Domains.Min(d => d.Domain), StringComparer.Ordinal))
            foreach (var d in o.Domains.OrderBy(d => d.Domain, StringComparer.Ordinal))
                Route(mt, d.Domain, o.NextHops, o.Name);

        foreach (var c in clients.OrderBy(c => c.Pattern, StringComparer.Ordinal))
            Line(am, new AccessEntry(AccessKind.Connect, c.Pattern, AccessAction.Relay));
        foreach (var d in own.OrderBy(d => d.Domain, StringComparer.Ordinal))
            Line(am, new AccessEntry(AccessKind.To, d.Domain, AccessAction.Relay));
        foreach (var o in operators.OrderBy(o => o.Domains.Min(d => d.Domain), StringComparer.Ordinal))
        {
            foreach (var d in o.Domains.Select(d => d.Domain).Order(StringComparer.Ordinal))
            {
                switch (o.Status)
                {
                    case DestinationStatus.RejectingPermanently: Line(am, new AccessEntry(AccessKind.To, d, AccessAction.Reject, o.StatusText)); break;
                    case DestinationStatus.RejectingTemporarily: Line(am, new AccessEntry(AccessKind.To, d, AccessAction.Tempfail, o.StatusText)); break;
                    case DestinationStatus.Holding: am.Append($"# {d}: {o.Name} is down, holding; sendmail has no such state\n"); break;
                }
                if (o.InboundAllowed) Line(am, new AccessEntry(AccessKind.From, d, AccessAction.Ok));
                else am.Append($"#From:{d} OK   (not in force: {o.Name} has no interconnect agreement)\n");
            }
        }
        foreach (var a in access.OrderBy(a => a.Kind).ThenBy(a => a.Key, StringComparer.Ordinal))
            Line(am, new AccessEntry(a.Kind, a.Key, a.Action, a.Text));
        return (mt.ToString(), am.ToString());
    }

    private static void Route(StringBuilder mt, string domain, IEnumerable<string> hopTexts, string owner)
    {
        var hops = hopTexts.Select(t => NextHop.TryParse(t, out var h, out _) ? h : null).OfType<NextHop>().ToList();
        foreach (var h in hops.Where(h => h.Port != NextHop.DefaultPort))
            mt.Append($"# {domain} ({owner}): hop {h} uses port {h.Port}, which a mailertable cannot say\n");
        mt.Append(MailertableEntry.Format(domain, hops)).Append('\n');
    }

    private static void Line(StringBuilder am, AccessEntry e) => am.Append(e.ToSendmail()).Append('\n');
}
