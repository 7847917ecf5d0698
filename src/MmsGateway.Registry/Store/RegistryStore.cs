using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Store;

/// <summary>Every change to the registry: checked field by field, saved with a new revision in one
/// transaction, then published to the relay before the call returns (so "saved" means "in force").</summary>
public sealed partial class RegistryStore(IDbContextFactory<RegistryDbContext> factory, RegistryPublisher publisher, TimeProvider clock)
{
    public async Task<IReadOnlyList<OperatorView>> OperatorsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var list = await db.Operators.AsNoTracking().Include(o => o.Domains).ToListAsync(ct).ConfigureAwait(false);
        return list.OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).Select(OperatorView.Of).ToList();
    }

    public async Task<OperatorView?> OperatorAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var o = await db.Operators.AsNoTracking().Include(x => x.Domains).FirstOrDefaultAsync(x => x.Id == id, ct).ConfigureAwait(false);
        return o is null ? null : OperatorView.Of(o);
    }

    public Task<RegistryResult<OperatorView>> CreateOperatorAsync(OperatorInput input, CancellationToken ct = default) =>
        SaveOperatorAsync(null, input, ct);

    public Task<RegistryResult<OperatorView>> UpdateOperatorAsync(int id, OperatorInput input, CancellationToken ct = default) =>
        SaveOperatorAsync(id, input, ct);

    private async Task<RegistryResult<OperatorView>> SaveOperatorAsync(int? id, OperatorInput input, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        Operator? o = null;
        if (id is not null)
        {
            o = await db.Operators.Include(x => x.Domains).FirstOrDefaultAsync(x => x.Id == id, ct).ConfigureAwait(false);
            if (o is null) return RegistryResult<OperatorView>.Missing;
        }
        var v = new RegistryValidator();
        var name = v.Name("name", input.Name);
        var domains = v.Domains("domains", input.Domains);
        var hops = v.Hops("nextHops", input.NextHops);
        var mcc = v.Digits("mcc", input.Mcc, 3, 3);
        var mnc = v.Digits("mnc", input.Mnc, 2, 3);
        v.Range("maxConnections", input.MaxConnections, 1, 1000);
        v.Lifetime("queueLifetime", input.QueueLifetime);
        // MMSCs resend an unanswered REQ within minutes (Mbuni: 5-minute back-off); a day is far past any agreement.
        v.Duration("responseTimeout", input.ResponseTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "between 1 second and 1 day");
        v.Range("maxMessageSize", input.MaxMessageSize, 1024L, 1_000_000_000L);
        var (pin, caFile) = (v.TlsPin("tlsPin", input.TlsPin), v.CaFile("tlsCaFile", input.TlsCaFile));
        if (!Enum.IsDefined(input.Tls)) v.Error("tls", $"'{input.Tls}' is not None, Opportunistic or Required");
        if (name is not null && await db.Operators.AnyAsync(x => x.Name == name && x.Id != (id ?? 0), ct).ConfigureAwait(false))
            v.Error("name", $"an operator named {name} exists already");
        await CheckDomainsFreeAsync(db, v, "domains", domains, operatorId: id, ct).ConfigureAwait(false);
        if (v.HasErrors) return new(null, v.Errors, v.Warnings);

        if (o is null)
        {
            o = new Operator { Name = name! };
            db.Operators.Add(o);
        }
        o.Name = name!;
        o.Country = Blank(input.Country);
        o.Mcc = mcc;
        o.Mnc = mnc;
        o.NextHops = hops;
        o.InboundAllowed = input.InboundAllowed;
        o.MaxConnections = input.MaxConnections;
        o.QueueLifetime = input.QueueLifetime;
        o.Tls = input.Tls;
        o.TlsPin = pin;
        o.TlsCaFile = caFile;
        o.ResponseTimeout = input.ResponseTimeout;
        o.MaxMessageSize = input.MaxMessageSize;
        o.LintReject = input.LintReject;
        o.Notes = Blank(input.Notes);
        o.UpdatedAt = clock.GetUtcNow();
        o.Domains.RemoveAll(d => !domains.Contains(d.Domain));
        foreach (var d in domains.Where(d => o.Domains.All(x => x.Domain != d))) o.Domains.Add(new OperatorDomain { Domain = d });
        await CommitAsync(db, ct).ConfigureAwait(false);
        return new(OperatorView.Of(o), null, v.Warnings);
    }

    public Task<bool> DeleteOperatorAsync(int id, CancellationToken ct = default) => DeleteAsync(db => db.Operators, id, ct);

    private async Task<bool> DeleteAsync<T>(Func<RegistryDbContext, DbSet<T>> set, int id, CancellationToken ct) where T : class
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var entity = await set(db).FindAsync([id], ct).ConfigureAwait(false);
        if (entity is null) return false;
        set(db).Remove(entity);
        await CommitAsync(db, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>The NOC's switch. Who, when, why and until when are recorded with every change.</summary>
    public async Task<RegistryResult<OperatorView>> SetStatusAsync(int id, StatusInput input, string by, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var o = await db.Operators.Include(x => x.Domains).FirstOrDefaultAsync(x => x.Id == id, ct).ConfigureAwait(false);
        if (o is null) return RegistryResult<OperatorView>.Missing;
        var v = new RegistryValidator();
        if (!Enum.IsDefined(input.Status)) v.Error("status", "one of Active, RejectingTemporarily, RejectingPermanently, Holding");
        var text = v.ReplyText("text", input.Text);
        var now = clock.GetUtcNow();
        if (input.Until is { } until)
        {
            if (input.Status == DestinationStatus.Active) v.Error("until", "an end time applies to a down status only");
            else if (until <= now) v.Error("until", $"must be in the future (now is {now:yyyy-MM-dd HH:mm:ss} UTC)");
        }
        if (string.IsNullOrWhiteSpace(by)) v.Error("by", "who makes the change is required");
        if (v.HasErrors) return new(null, v.Errors, v.Warnings);

        Switch(db, o, input.Status, text, input.Until, by.Trim(), Blank(input.Reason), now);
        await CommitAsync(db, ct).ConfigureAwait(false);
        return new(OperatorView.Of(o), null, v.Warnings);
    }

    public async Task<IReadOnlyList<StatusChangeView>> StatusHistoryAsync(int? operatorId, int take = 100, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var q = db.StatusChanges.AsNoTracking();
        if (operatorId is not null) q = q.Where(c => c.OperatorId == operatorId);
        // Ordered by id (insertion order): DateTimeOffset is not orderable on every provider.
        var list = await q.OrderByDescending(c => c.Id).Take(take).ToListAsync(ct).ConfigureAwait(false);
        return list.Select(StatusChangeView.Of).ToList();
    }

    /// <summary>Brings up operators whose down status has reached its end time.</summary>
    public async Task<int> EndExpiredStatusesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        static bool Due(Operator o, DateTimeOffset now) => o.StatusUntil <= now && o.Status != DestinationStatus.Active;
        await using (var peek = await factory.CreateDbContextAsync(ct).ConfigureAwait(false))
        {
            // In memory: SQLite cannot compare DateTimeOffset. Few operators have an end time set.
            var ending = await peek.Operators.AsNoTracking().Where(o => o.StatusUntil != null).ToListAsync(ct).ConfigureAwait(false);
            if (!ending.Any(o => Due(o, now))) return 0;
        }
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        // Every node runs this each second: the lock comes before the read, so that the node that comes second finds
        // the status already ended and records nothing (one history row, not one per node).
        await using var tx = await LockAsync(db, ct).ConfigureAwait(false);
        var due = (await db.Operators.Where(o => o.StatusUntil != null).ToListAsync(ct).ConfigureAwait(false)).Where(o => Due(o, now)).ToList();
        if (due.Count == 0) return 0;
        foreach (var o in due)
        {
            Switch(db, o, DestinationStatus.Active, null, null, "automatic",
                $"scheduled end of the down status at {o.StatusUntil:yyyy-MM-dd HH:mm:ss} UTC", now);
        }
        await CommitAsync(db, ct).ConfigureAwait(false);
        return due.Count;
    }

    // The one place a status changes: the operator's fields and the history row that says who, why, until when.
    private static void Switch(RegistryDbContext db, Operator o, DestinationStatus to, string? text, DateTimeOffset? until,
        string by, string? reason, DateTimeOffset now)
    {
        db.StatusChanges.Add(new StatusChange
        {
            OperatorId = o.Id, At = now, By = by, From = o.Status, To = to, Reason = reason, Text = text, Until = until,
        });
        o.Status = to;
        o.StatusText = to == DestinationStatus.Active ? null : text;
        o.StatusUntil = to == DestinationStatus.Active ? null : until;
        o.UpdatedAt = now;
    }

    // A domain routes to one place: to one operator, or to us.
    private static async Task CheckDomainsFreeAsync(RegistryDbContext db, RegistryValidator v, string field, List<string> domains,
        int? operatorId, CancellationToken ct)
    {
        if (domains.Count == 0) return;
        var taken = await db.OperatorDomains.AsNoTracking().Where(d => domains.Contains(d.Domain) && d.OperatorId != (operatorId ?? 0))
            .Join(db.Operators, d => d.OperatorId, o => o.Id, (d, o) => new { d.Domain, o.Name }).ToListAsync(ct).ConfigureAwait(false);
        var ours = await db.OwnDomains.AsNoTracking().Where(d => domains.Contains(d.Domain)).Select(d => d.Domain).ToListAsync(ct).ConfigureAwait(false);
        for (var i = 0; i < domains.Count; i++)
        {
            var owner = taken.FirstOrDefault(t => t.Domain == domains[i]);
            if (owner is not null) v.Error($"{field}[{i}]", $"{domains[i]} already belongs to operator {owner.Name}");
            else if (ours.Contains(domains[i])) v.Error($"{field}[{i}]", $"{domains[i]} is one of our own domains");
        }
    }

    // Saves the pending changes with the next revision, then publishes. The revision is a concurrency
    // token: of two writers that read the same revision (the console and the command line, or two
    // gateways), the second is rolled back and retried on the new revision, so that no gateway can
    // miss a change by seeing the same number twice.
    // Writers also take turns (LockAsync): on PostgreSQL, where N gateways and their consoles write at once, optimistic
    // retries alone let twenty concurrent writers starve each other.
    private async Task CommitAsync(RegistryDbContext db, CancellationToken ct)
    {
        await using var own = db.Database.CurrentTransaction is null ? await LockAsync(db, ct).ConfigureAwait(false) : null;
        var tx = db.Database.CurrentTransaction!;
        var revision = await db.Revisions.SingleAsync(r => r.Id == 1, ct).ConfigureAwait(false);
        await db.Entry(revision).ReloadAsync(ct).ConfigureAwait(false);   // tracked earlier: read it again under the lock
        for (var attempt = 1; ; attempt++)
        {
            revision.Revision++;
            revision.ChangedAt = clock.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                // Delivered to every listening gateway when the transaction commits, not before (RegistryListener).
                if (db.Database.IsNpgsql())
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, {1})", [RegistryListener.Channel, revision.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                await db.Entry(revision).ReloadAsync(ct).ConfigureAwait(false);
            }
        }
        try { await publisher.ReloadAsync(ct).ConfigureAwait(false); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            // Saved, so the change is made; the relay is behind. The publisher keeps the failure for the
            // console and /readyz, and every poll tries again until the relay matches.
        }
    }

    // A transaction in which this writer has the registry to itself until it commits: SQLite's BEGIN IMMEDIATE takes the
    // write lock at once; on PostgreSQL the revision row is locked, so that writers of every node take turns.
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> LockAsync(RegistryDbContext db, CancellationToken ct)
    {
        var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM \"Revisions\" WHERE \"Id\" = 1 FOR UPDATE", ct).ConfigureAwait(false);
        return tx;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
