using System.Text.RegularExpressions;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Sendmail;

/// <summary>Maps the seed's two hand-edited maps onto registry records.</summary>
/// <remarks>A mailertable key that is also <c>To: RELAY</c> is one of our domains (its hosts are our MMSCs);
/// every other key is an operator, which absorbs its <c>To: REJECT</c> (down, rejecting) and
/// <c>From: OK</c> (agreement). <c>Connect: RELAY</c> becomes a relay client. Whatever an operator
/// record cannot hold stays an access entry; what has no meaning here is left out, with the reason.</remarks>
public static partial class SendmailImport
{
    public sealed record Plan(List<Operator> Operators, List<OwnDomain> OwnDomains, List<RelayClient> RelayClients, List<AccessRule> Access, ImportReport Report);

    [GeneratedRegex(@"^mms\.mnc([0-9]{2,3})\.mcc([0-9]{3})\.gprs$")]
    private static partial Regex MmsDomain();

    [GeneratedRegex(@"^#\s*(Connect|To|From):\S+\s+\S+")]
    private static partial Regex CommentedEntry();

    /// <param name="taken">Domains, relay clients and access keys already in the registry: never overwritten.</param>
    public static Plan Map(string mailertable, string access, Func<string, string?> domainOwner, ISet<string> relayClients, ISet<string> accessKeys,
        DateTimeOffset now)
    {
        var report = new ImportReport();
        var routes = new List<MailertableEntry>();
        foreach (var (line, text) in Lines(mailertable, "mailertable", report))
        {
            if (MailertableEntry.TryParse(text, line, out var e, out var error))
            {
                if (routes.Any(r => r.Key == e.Key)) report.LeftOut.Add($"mailertable:{line} {e.Key}: appears twice; the first one is kept");
                else routes.Add(e);
            }
            else report.LeftOut.Add($"mailertable:{line} '{text}': {error}");
        }
        var entries = new List<(int Line, AccessEntry Entry)>();
        foreach (var (line, text) in Lines(access, "access", report))
        {
            if (AccessEntry.TryParse(text, out var e, out var error)) entries.Add((line, e));
            else report.LeftOut.Add($"access:{line} '{text}': {error}");
        }

        var plan = new Plan([], [], [], [], report);
        var used = new HashSet<AccessEntry>();
        AccessEntry? Find(AccessKind kind, string key, params AccessAction[] actions)
        {
            var hit = entries.Select(x => x.Entry).FirstOrDefault(e => e.Kind == kind && e.Key == key && actions.Contains(e.Action) && !used.Contains(e));
            if (hit is not null) used.Add(hit);
            return hit;
        }

        foreach (var r in routes)
        {
            var hops = r.Hops.Select(h => h.ToString()).ToList();
            if (domainOwner(r.Key) is { } owner)
            {
                report.LeftOut.Add($"mailertable:{r.Line} {r.Key}: already in the registry ({owner}); not changed");
                continue;
            }
            if (Find(AccessKind.To, r.Key, AccessAction.Relay) is not null)
            {
                plan.OwnDomains.Add(new OwnDomain { Domain = r.Key, MmscHops = hops, Notes = "imported from sendmail" });
                report.Mapped.Add($"mailertable:{r.Line} {r.Key} → our own domain, MMSCs {string.Join(' ', hops)}");
                report.Merged.Add($"access To:{r.Key} RELAY → merged into our own domain {r.Key}");
                continue;
            }
            var m = MmsDomain().Match(r.Key);
            var op = new Operator
            {
                Name = m.Success ? $"MCC {m.Groups[2].Value} MNC {m.Groups[1].Value}" : r.Key,
                Mcc = m.Success ? m.Groups[2].Value : null,
                Mnc = m.Success ? m.Groups[1].Value : null,
                Domains = [new OperatorDomain { Domain = r.Key }],
                NextHops = hops,
                Notes = "imported from sendmail",
                UpdatedAt = now,
            };
            report.Mapped.Add($"mailertable:{r.Line} {r.Key} → operator \"{op.Name}\", next hops {string.Join(' ', hops)}");
            if (Find(AccessKind.From, r.Key, AccessAction.Ok) is not null)
            {
                op.InboundAllowed = true;
                report.Merged.Add($"access From:{r.Key} OK → operator \"{op.Name}\": interconnect agreement (inbound allowed)");
            }
            else report.Mapped.Add($"operator \"{op.Name}\": no From:{r.Key} OK, so inbound from it is not allowed");
            if (Find(AccessKind.To, r.Key, AccessAction.Reject, AccessAction.Tempfail) is { } down)
            {
                op.Status = down.Action == AccessAction.Reject ? DestinationStatus.RejectingPermanently : DestinationStatus.RejectingTemporarily;
                op.StatusText = down.Text;
                op.StatusChanges.Add(new StatusChange { At = now, By = "import", From = DestinationStatus.Active, To = op.Status, Reason = "imported from the sendmail access map", Text = down.Text });
                report.Merged.Add($"access To:{r.Key} {down.Action.ToString().ToUpperInvariant()} → operator \"{op.Name}\" is down, {op.Status}");
            }
            plan.Operators.Add(op);
        }

        foreach (var (line, e) in entries.Where(x => !used.Contains(x.Entry)))
        {
            if (e.Kind == AccessKind.Connect && e.Action == AccessAction.Relay)
            {
                if (relayClients.Contains(e.Key) || plan.RelayClients.Any(c => c.Pattern == e.Key))
                    report.LeftOut.Add($"access:{line} Connect:{e.Key} RELAY: already a relay client");
                else
                {
                    plan.RelayClients.Add(new RelayClient { Pattern = e.Key, Notes = "imported from sendmail" });
                    report.Mapped.Add($"access:{line} Connect:{e.Key} RELAY → relay client {e.Key}");
                }
                continue;
            }
            // A To:/From: entry about a domain the registry already has belongs to that record, which an import never changes.
            if (e.Kind != AccessKind.Connect && domainOwner(e.Key) is { } existing)
            {
                report.LeftOut.Add($"access:{line} {e.Kind}:{e.Key} {e.Action.ToString().ToUpperInvariant()}: {e.Key} is already in the registry ({existing}); change it there");
                continue;
            }
            if (accessKeys.Contains($"{e.Kind}:{e.Key}"))
            {
                report.LeftOut.Add($"access:{line} {e.Kind}:{e.Key}: already in the registry; not changed");
                continue;
            }
            plan.Access.Add(new AccessRule { Kind = e.Kind, Key = e.Key, Action = e.Action, Text = e.Text, Notes = "imported from sendmail" });
            var why = (e.Kind, e.Action) switch
            {
                (AccessKind.To, AccessAction.Relay) => "; no mailertable route for it, so mail to it is refused until one is added",
                (AccessKind.From, AccessAction.Ok) => "; no operator has this domain",
                _ => "",
            };
            report.Mapped.Add($"access:{line} {e.Kind}:{e.Key} {e.Action.ToString().ToUpperInvariant()} → access entry{why}");
        }
        report.Operators = plan.Operators.Count;
        report.OwnDomains = plan.OwnDomains.Count;
        report.RelayClients = plan.RelayClients.Count;
        report.AccessEntries = plan.Access.Count;
        return plan;
    }

    // Non-blank, non-comment lines; a commented-out entry is reported, as it often records a decision.
    private static IEnumerable<(int Line, string Text)> Lines(string text, string file, ImportReport report)
    {
        var n = 0;
        foreach (var raw in text.Split('\n'))
        {
            n++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                if (CommentedEntry().IsMatch(line)) report.LeftOut.Add($"{file}:{n} '{line}': commented out");
                continue;
            }
            yield return (n, line);
        }
    }
}
