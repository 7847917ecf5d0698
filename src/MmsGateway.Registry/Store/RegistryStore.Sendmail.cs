using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Sendmail;

namespace MmsGateway.Registry.Store;

// Migration from sendmail: the seed's maps in, and back out.
public sealed partial class RegistryStore
{
    /// <summary>Adds what the maps describe to the registry (existing records are never overwritten) in
    /// one commit, or only reports what it would do (<paramref name="dryRun"/>).</summary>
    public async Task<ImportReport> ImportSendmailAsync(string mailertable, string access, bool dryRun, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var operatorDomains = await db.OperatorDomains.AsNoTracking().Join(db.Operators, d => d.OperatorId, o => o.Id, (d, o) => new { d.Domain, o.Name })
            .ToDictionaryAsync(x => x.Domain, x => $"operator {x.Name}", ct).ConfigureAwait(false);
        var own = await db.OwnDomains.AsNoTracking().Select(d => d.Domain).ToListAsync(ct).ConfigureAwait(false);
        var clients = (await db.RelayClients.AsNoTracking().Select(c => c.Pattern).ToListAsync(ct).ConfigureAwait(false)).ToHashSet();
        var keys = (await db.AccessRules.AsNoTracking().ToListAsync(ct).ConfigureAwait(false)).Select(a => $"{a.Kind}:{a.Key}").ToHashSet();
        var names = (await db.Operators.AsNoTracking().Select(o => o.Name).ToListAsync(ct).ConfigureAwait(false)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var plan = SendmailImport.Map(mailertable, access,
            d => operatorDomains.GetValueOrDefault(d) ?? (own.Contains(d) ? "our own domain" : null), clients, keys, clock.GetUtcNow());
        foreach (var o in plan.Operators)
            for (var n = 2; names.Contains(o.Name); n++) o.Name = $"{o.Name.Split(" #")[0]} #{n}";
        plan.Report.DryRun = dryRun;
        if (dryRun) return plan.Report;

        db.Operators.AddRange(plan.Operators);
        db.OwnDomains.AddRange(plan.OwnDomains);
        db.RelayClients.AddRange(plan.RelayClients);
        db.AccessRules.AddRange(plan.Access);
        await CommitAsync(db, ct).ConfigureAwait(false);
        return plan.Report;
    }

    public async Task<(string Mailertable, string Access)> ExportSendmailAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var operators = await db.Operators.AsNoTracking().Include(o => o.Domains).ToListAsync(ct).ConfigureAwait(false);
        var own = await db.OwnDomains.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        var clients = await db.RelayClients.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        var access = await db.AccessRules.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        return SendmailExport.Write(operators.Where(o => o.Domains.Count > 0).ToList(), own, clients, access);
    }
}
