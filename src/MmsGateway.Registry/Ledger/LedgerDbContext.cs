using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MmsGateway.Relay.Ledger;

namespace MmsGateway.Registry.Ledger;

/// <summary>The MM4 ledger (issue 14). A context of its own, and by default a SQLite file of its own
/// (ledger.db beside registry.db): a busy day is millions of rows written every quarter second, which
/// must neither hold the registry's write lock nor swell its backups. On PostgreSQL both live in one database.
/// Provider-neutral as the registry: enums as text, times as Unix milliseconds.</summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<LedgerRow> Transactions => Set<LedgerRow>();

    public DbSet<LedgerCounterRecord> Counters => Set<LedgerCounterRecord>();

    public DbSet<LedgerHourCounterRecord> HourCounters => Set<LedgerHourCounterRecord>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<LedgerRow>(e =>
        {
            e.ToTable("Mm4Transactions");
            e.Property(r => r.Direction).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(24);
            e.Property(r => r.Partner).HasMaxLength(255);
            e.Property(r => r.Type).HasMaxLength(64);
            e.Property(r => r.TransactionId).HasMaxLength(255);
            e.Property(r => r.MessageId).HasMaxLength(255);
            e.Property(r => r.QueueId).HasMaxLength(32);
            e.Property(r => r.Version).IsConcurrencyToken();
            // Number searches are ranges over the digits ("4533" up to "4533:"), which only a byte-order collation keeps
            // (a linguistic one, PostgreSQL's usual en_US, ignores the ':'). SQLite compares bytes already.
            if (Database.IsNpgsql())
            {
                e.Property(r => r.SenderKey).UseCollation("C");
                e.Property(r => r.RecipientKey).UseCollation("C");
            }
            // Correlation: a RES finds its REQ; a hand-over finds its message; a report finds its forward.
            e.HasIndex(r => new { r.TransactionId, r.Partner });
            e.HasIndex(r => r.MessageId);
            e.HasIndex(r => r.QueueId);
            // The sweep that marks REQs missing.
            e.HasIndex(r => new { r.State, r.Deadline });
            // Lists run newest first by acceptance time (LedgerCursor): each list's index ends in (AcceptedAt, Id), so a
            // page is a walk down one index that stops after it, however large the ledger or far back the time range.
            e.HasIndex(r => new { r.SenderKey, r.AcceptedAt, r.Id });
            e.HasIndex(r => new { r.RecipientKey, r.AcceptedAt, r.Id });
            e.HasIndex(r => new { r.Partner, r.State, r.AcceptedAt, r.Id });
            e.HasIndex(r => new { r.Partner, r.AcceptedAt, r.Id });
            e.HasIndex(r => new { r.AcceptedAt, r.Id });
            // The lint list: a key only rows with findings have (a partial index on Partner lost to the Partner index).
            e.Property(r => r.LintPartner).HasMaxLength(255);
            e.HasIndex(r => new { r.LintPartner, r.AcceptedAt, r.Id });
        });
        b.Entity<LedgerCounterRecord>(e =>
        {
            e.ToTable("Mm4Counters");
            e.HasKey(c => new { c.Partner, c.Direction, c.Minute, c.Name });
            e.Property(c => c.Partner).HasMaxLength(255);
            e.Property(c => c.Direction).HasMaxLength(16);
            e.Property(c => c.Name).HasMaxLength(128);
            e.HasIndex(c => c.Minute);
        });
        b.Entity<LedgerHourCounterRecord>(e =>
        {
            e.ToTable("Mm4HourCounters");
            e.HasKey(c => new { c.Partner, c.Direction, c.Hour, c.Name });
            e.Property(c => c.Partner).HasMaxLength(255);
            e.Property(c => c.Direction).HasMaxLength(16);
            e.Property(c => c.Name).HasMaxLength(128);
            e.HasIndex(c => c.Hour);
        });
    }
}

/// <summary>For <c>dotnet ef migrations add --context LedgerDbContext</c>.</summary>
public sealed class LedgerDesignTimeFactory : IDesignTimeDbContextFactory<LedgerDbContext>
{
    public LedgerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite("Data Source=design-ledger.db").Options);
}
