using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.Passages;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Safety;
using StudentCard.Central.Statistics;

namespace StudentCard.Central.Stores;

/// <summary>
/// The purpose store (data/central.db): readers, entitlements, allow-list versions and passages.
/// It holds pseudonyms only, never a name, student number or card token.
/// </summary>
public sealed class CentralDbContext(DbContextOptions<CentralDbContext> options) : DbContext(options)
{
    public DbSet<ReaderRegistration> Readers => Set<ReaderRegistration>();

    public DbSet<Entitlement> Entitlements => Set<Entitlement>();

    public DbSet<AllowListVersion> AllowListVersions => Set<AllowListVersion>();

    public DbSet<Passage> Passages => Set<Passage>();

    /// <summary>Anonymous hourly counts, kept after the passages they count have expired.</summary>
    public DbSet<HourlyCount> HourlyCounts => Set<HourlyCount>();

    /// <summary>The last safety command per site (lockdown, evacuation), so a restarted Central republishes it.</summary>
    public DbSet<SiteModeRecord> SiteModes => Set<SiteModeRecord>();

    /// <summary>Suspicious card use for admins; pseudonyms only, kept no longer than the purpose's passages.</summary>
    public DbSet<Alert> Alerts => Set<Alert>();

    /// <summary>Every version of the schools' calendar and places; the highest is the access policy in force.</summary>
    public DbSet<CalendarVersion> CalendarVersions => Set<CalendarVersion>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteStore.Conventions(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReaderRegistration>(reader =>
        {
            reader.ToTable("Readers");
            reader.HasKey(r => r.Id);
            reader.Property(r => r.Id).HasMaxLength(64);
            reader.Property(r => r.SecretHash).HasMaxLength(200);
            reader.Property(r => r.Place).HasMaxLength(129);
        });
        modelBuilder.Entity<Entitlement>(entitlement =>
        {
            entitlement.HasKey(e => e.Id);
            entitlement.Property(e => e.Pseudonym).HasMaxLength(32);
            entitlement.HasIndex(e => new { e.Purpose, e.Pseudonym }).IsUnique();
            entitlement.Property(e => e.Places).HasMaxLength(400);
            entitlement.Property(e => e.Schedule).HasMaxLength(64);
        });
        modelBuilder.Entity<AllowListVersion>(version =>
        {
            version.HasKey(v => v.Purpose);
        });
        modelBuilder.Entity<Passage>(passage =>
        {
            passage.HasKey(p => p.Id);
            passage.Property(p => p.Id).ValueGeneratedNever();
            passage.Property(p => p.ReaderId).HasMaxLength(64);
            passage.Property(p => p.Pseudonym).HasMaxLength(32);
            passage.Property(p => p.Decision).HasMaxLength(32);
            passage.Property(p => p.Reason).HasMaxLength(32);
            passage.Property(p => p.Direction).HasMaxLength(32);
            passage.Property(p => p.Place).HasMaxLength(130);
            passage.HasIndex(p => new { p.Purpose, p.OccurredAt });
        });
        modelBuilder.Entity<SiteModeRecord>(mode =>
        {
            mode.HasKey(m => m.Site);
            mode.Property(m => m.Site).HasMaxLength(64);
        });
        modelBuilder.Entity<Alert>(alert =>
        {
            alert.HasKey(a => a.Id);
            alert.Property(a => a.Pseudonym).HasMaxLength(32);
            alert.Property(a => a.ReaderId).HasMaxLength(64);
            alert.Property(a => a.OtherReaderId).HasMaxLength(64);
            alert.Property(a => a.Detail).HasMaxLength(200);
            alert.HasIndex(a => new { a.Purpose, a.OccurredAt });
        });
        modelBuilder.Entity<CalendarVersion>(version =>
        {
            version.HasKey(v => v.Version);
            version.Property(v => v.Version).ValueGeneratedNever();
            version.Property(v => v.Author).HasMaxLength(128);
            version.Property(v => v.Reason).HasMaxLength(1000);
        });
        modelBuilder.Entity<HourlyCount>(count =>
        {
            count.HasKey(c => new { c.Purpose, c.ReaderId, c.Hour, c.Direction });
            count.Property(c => c.ReaderId).HasMaxLength(64);
            count.Property(c => c.Direction).HasMaxLength(32);
            count.Property(c => c.Site).HasMaxLength(64);
            count.HasIndex(c => c.Hour);
        });
    }
}
