using System.Text;
using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Hosting;

namespace MmsGateway.Registry.Audit;

/// <summary>The audit trail: who did what to traffic or rules, from where, and why. Append-only by
/// construction: this type has no update or delete, and nothing else writes the table.</summary>
public sealed class AuditLog(IDbContextFactory<RegistryDbContext> factory, TimeProvider clock, NodeIdentity? node = null)
{
    public async Task<AuditView> RecordAsync(AuditEntry entry, CancellationToken ct = default)
    {
        var record = new AuditRecord
        {
            At = clock.GetUtcNow(), User = entry.User, Source = entry.Source, Action = entry.Action, Target = entry.Target,
            Details = entry.Details, Reason = string.IsNullOrWhiteSpace(entry.Reason) ? null : entry.Reason.Trim(), Succeeded = entry.Succeeded,
            Node = node?.Name,
        };
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        db.AuditRecords.Add(record);
        // Not the caller's token: once an action has happened, its record must be written even if the client went away.
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        return AuditView.Of(record);
    }

    /// <summary>Newest first.</summary>
    public async Task<AuditPage> QueryAsync(AuditFilter filter, int skip = 0, int take = 100, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var q = Filtered(db, filter);
        var total = await q.CountAsync(ct).ConfigureAwait(false);
        var rows = await q.OrderByDescending(a => a.Id).Skip(skip).Take(take).ToListAsync(ct).ConfigureAwait(false);
        return new AuditPage(total, rows.Select(AuditView.Of).ToList());
    }

    /// <summary>RFC 4180 CSV, oldest first, every field quoted where it must be.</summary>
    public async Task WriteCsvAsync(AuditFilter filter, TextWriter to, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        await to.WriteAsync("id,at,user,source,action,target,reason,succeeded,details,node\r\n").ConfigureAwait(false);
        await foreach (var a in Filtered(db, filter).OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
        {
            var line = string.Join(',', a.Id.ToString(), a.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), Csv(a.User), Csv(a.Source),
                Csv(a.Action), Csv(a.Target), Csv(a.Reason), a.Succeeded ? "true" : "false", Csv(a.Details), Csv(a.Node));
            await to.WriteAsync(line + "\r\n").ConfigureAwait(false);
        }
    }

    private static IQueryable<AuditRecord> Filtered(RegistryDbContext db, AuditFilter f)
    {
        var q = db.AuditRecords.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.User)) q = q.Where(a => a.User.Contains(f.User.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(a => a.Action.StartsWith(f.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Text))
        {
            var t = f.Text.Trim();
            q = q.Where(a => a.Target.Contains(t) || (a.Reason != null && a.Reason.Contains(t)) || (a.Details != null && a.Details.Contains(t)));
        }
        // At is stored as UTC ticks (RegistryDbContext), so these compare as numbers on every provider.
        if (f.From is { } from) q = q.Where(a => a.At >= from);
        if (f.To is { } to) q = q.Where(a => a.At < to);
        return q;
    }

    // RFC 4180; a leading = + - @ is prefixed with ' so that a spreadsheet does not run it as a formula.
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}

public sealed record AuditEntry(string User, string Source, string Action, string Target, string? Details, string? Reason, bool Succeeded = true);

public sealed record AuditFilter(string? User = null, string? Action = null, string? Text = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record AuditView(long Id, DateTimeOffset At, string User, string Source, string Action, string Target, string? Details, string? Reason, bool Succeeded,
    string? Node = null)
{
    internal static AuditView Of(AuditRecord a) => new(a.Id, a.At, a.User, a.Source, a.Action, a.Target, a.Details, a.Reason, a.Succeeded, a.Node);
}

public sealed record AuditPage(int Total, IReadOnlyList<AuditView> Records);
