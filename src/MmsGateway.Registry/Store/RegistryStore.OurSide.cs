using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Registry.Store;

// Our side (own domains, MMSCs, relay clients) and the extra access entries.
public sealed partial class RegistryStore
{
    public async Task<OurSideView> OurSideAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var domains = await db.OwnDomains.AsNoTracking().OrderBy(d => d.Domain).ToListAsync(ct).ConfigureAwait(false);
        var clients = await db.RelayClients.AsNoTracking().OrderBy(c => c.Pattern).ToListAsync(ct).ConfigureAwait(false);
        return new OurSideView(
            domains.Select(d => new OwnDomainInput(d.Domain, d.MmscHops, d.Notes)).ToList(),
            clients.Select(c => new RelayClientInput(c.Pattern, c.Notes)).ToList());
    }

    /// <summary>Replaces our side as a whole (it is one small form in the console).</summary>
    public async Task<RegistryResult<OurSideView>> SetOurSideAsync(OurSideInput input, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var v = new RegistryValidator();
        var domains = new List<OwnDomain>();
        var inputDomains = input.Domains ?? [];
        for (var i = 0; i < inputDomains.Count; i++)
        {
            var d = v.Domains($"domains[{i}].domain", [inputDomains[i].Domain]);
            var hops = v.Hops($"domains[{i}].mmscHops", inputDomains[i].MmscHops);
            if (d.Count == 1 && domains.Any(x => x.Domain == d[0])) v.Error($"domains[{i}].domain", $"{d[0]} is listed twice");
            else if (d.Count == 1) domains.Add(new OwnDomain { Domain = d[0], MmscHops = hops, Notes = Blank(inputDomains[i].Notes) });
        }
        var names = domains.Select(d => d.Domain).ToList();
        var taken = await db.OperatorDomains.AsNoTracking().Where(d => names.Contains(d.Domain))
            .Join(db.Operators, d => d.OperatorId, o => o.Id, (d, o) => new { d.Domain, o.Name }).ToListAsync(ct).ConfigureAwait(false);
        foreach (var t in taken)
            v.Error($"domains[{names.IndexOf(t.Domain)}].domain", $"{t.Domain} belongs to operator {t.Name}");
        var clients = new List<RelayClient>();
        var inputClients = input.RelayClients ?? [];
        for (var i = 0; i < inputClients.Count; i++)
        {
            if (!ClientPattern.TryNormalise(inputClients[i].Pattern ?? "", out var pattern, out var error)) v.Error($"relayClients[{i}].pattern", error);
            else if (clients.Any(c => c.Pattern == pattern)) v.Error($"relayClients[{i}].pattern", $"{pattern} is listed twice");
            else clients.Add(new RelayClient { Pattern = pattern, Notes = Blank(inputClients[i].Notes) });
        }
        if (v.HasErrors) return new(null, v.Errors, v.Warnings);

        db.OwnDomains.RemoveRange(await db.OwnDomains.ToListAsync(ct).ConfigureAwait(false));
        db.RelayClients.RemoveRange(await db.RelayClients.ToListAsync(ct).ConfigureAwait(false));
        await db.SaveChangesAsync(ct).ConfigureAwait(false);   // unique indexes: delete before re-adding the same keys
        db.OwnDomains.AddRange(domains);
        db.RelayClients.AddRange(clients);
        await CommitAsync(db, ct).ConfigureAwait(false);
        return new(await OurSideAsync(ct).ConfigureAwait(false), null, v.Warnings);
    }

    public async Task<IReadOnlyList<AccessView>> AccessAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var list = await db.AccessRules.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        return list.OrderBy(a => a.Kind).ThenBy(a => a.Key, StringComparer.Ordinal).Select(AccessView.Of).ToList();
    }

    public Task<RegistryResult<AccessView>> CreateAccessAsync(AccessInput input, CancellationToken ct = default) => SaveAccessAsync(null, input, ct);

    public Task<RegistryResult<AccessView>> UpdateAccessAsync(int id, AccessInput input, CancellationToken ct = default) => SaveAccessAsync(id, input, ct);

    private async Task<RegistryResult<AccessView>> SaveAccessAsync(int? id, AccessInput input, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        AccessRule? rule = null;
        if (id is not null && (rule = await db.AccessRules.FirstOrDefaultAsync(a => a.Id == id, ct).ConfigureAwait(false)) is null)
            return RegistryResult<AccessView>.Missing;
        var v = new RegistryValidator();
        if (!Enum.IsDefined(input.Kind)) v.Error("kind", "one of Connect, To, From");
        if (!Enum.IsDefined(input.Action)) v.Error("action", "one of Relay, Ok, Reject, Tempfail");
        var text = v.ReplyText("text", input.Text);
        AccessEntry? entry = null;
        if (!v.HasErrors && !AccessEntry.TryCreate(input.Kind, input.Key ?? "", input.Action, text, out entry, out var error))
            v.Error(error.StartsWith("From:", StringComparison.Ordinal) ? "action" : "key", error);
        if (entry is not null && await db.AccessRules.AnyAsync(a => a.Kind == entry.Kind && a.Key == entry.Key && a.Id != (id ?? 0), ct).ConfigureAwait(false))
            v.Error("key", $"{entry.Kind}:{entry.Key} exists already");
        if (v.HasErrors) return new(null, v.Errors, v.Warnings);

        if (rule is null) db.AccessRules.Add(rule = new AccessRule { Key = entry!.Key });
        rule.Kind = entry!.Kind;
        rule.Key = entry.Key;
        rule.Action = entry.Action;
        rule.Text = entry.Text;
        rule.Notes = Blank(input.Notes);
        await CommitAsync(db, ct).ConfigureAwait(false);
        return new(AccessView.Of(rule), null, v.Warnings);
    }

    public Task<bool> DeleteAccessAsync(int id, CancellationToken ct = default) => DeleteAsync(db => db.AccessRules, id, ct);
}
