using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MmsGateway.Registry.Model;

/// <summary>The registry. Provider-neutral on purpose (no SQLite-only SQL): enums as text, lists as
/// primitive collections, uniqueness by indexes, so that PostgreSQL can hold it for two gateways.</summary>
public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public DbSet<Operator> Operators => Set<Operator>();

    public DbSet<OperatorDomain> OperatorDomains => Set<OperatorDomain>();

    public DbSet<StatusChange> StatusChanges => Set<StatusChange>();

    public DbSet<OwnDomain> OwnDomains => Set<OwnDomain>();

    public DbSet<RelayClient> RelayClients => Set<RelayClient>();

    public DbSet<AccessRule> AccessRules => Set<AccessRule>();

    public DbSet<RegistryRevision> Revisions => Set<RegistryRevision>();

    public DbSet<UserAccount> Users => Set<UserAccount>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<NodeRecord> Nodes => Set<NodeRecord>();

    public DbSet<ProtectionKey> ProtectionKeys => Set<ProtectionKey>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Operator>(e =>
        {
            e.HasIndex(o => o.Name).IsUnique();
            e.Property(o => o.Name).HasMaxLength(100);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(32);
            e.HasMany(o => o.Domains).WithOne().HasForeignKey(d => d.OperatorId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.StatusChanges).WithOne().HasForeignKey(c => c.OperatorId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OperatorDomain>().HasIndex(d => d.Domain).IsUnique();
        b.Entity<StatusChange>(e =>
        {
            e.Property(c => c.From).HasConversion<string>().HasMaxLength(32);
            e.Property(c => c.To).HasConversion<string>().HasMaxLength(32);
        });
        b.Entity<OwnDomain>().HasIndex(d => d.Domain).IsUnique();
        b.Entity<RelayClient>().HasIndex(c => c.Pattern).IsUnique();
        b.Entity<AccessRule>(e =>
        {
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Action).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(a => new { a.Kind, a.Key }).IsUnique();
        });
        b.Entity<UserAccount>(e =>
        {
            e.HasIndex(u => u.Name).IsUnique();
            e.Property(u => u.Name).HasMaxLength(64);
            e.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        });
        b.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.Hash).IsUnique();
            e.Property(t => t.Role).HasConversion<string>().HasMaxLength(16);
        });
        b.Entity<AuditRecord>(e =>
        {
            // UTC ticks: ordered and comparable on every provider (SQLite cannot compare DateTimeOffset).
            e.Property(a => a.At).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            e.HasIndex(a => a.At);
            e.HasIndex(a => a.Action);
            e.Property(a => a.Node).HasMaxLength(64);
        });
        b.Entity<NodeRecord>(e =>
        {
            e.HasKey(n => n.Name);
            e.Property(n => n.Name).HasMaxLength(64);
            e.Property(n => n.Version).HasMaxLength(64);
            e.Property(n => n.Api).HasMaxLength(255);
            e.HasIndex(n => n.Number).IsUnique();   // two nodes racing for a number: one insert fails and tries the next
            // UTC ticks, as the audit trail: comparable on every provider.
            e.Property(n => n.StartedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            e.Property(n => n.HeartbeatAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        });
        b.Entity<ProtectionKey>().Property(k => k.FriendlyName).HasMaxLength(255);
        b.Entity<RegistryRevision>().Property(r => r.Revision).IsConcurrencyToken();
        b.Entity<RegistryRevision>().HasData(new RegistryRevision { Id = 1, Revision = 0, ChangedAt = DateTimeOffset.UnixEpoch });
    }
}

/// <summary>For <c>dotnet ef migrations add</c>: a SQLite file in the working directory.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite("Data Source=design.db").Options);
}
