using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Audit;

/// <summary>
/// The audit store (data/audit.db), a file of its own: appends never wait for the passage writer,
/// the log keeps its own retention (it outlives the passages it mentions), and it can be handed to
/// an auditor or kept on other storage without the purpose store.
/// </summary>
public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public const string FileName = "audit.db";

    public DbSet<AuditEntry> Entries => Set<AuditEntry>();

    public DbSet<AuditCheckpoint> Checkpoints => Set<AuditCheckpoint>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteStore.Conventions(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditEntries");
            entry.HasKey(e => e.Sequence);
            entry.Property(e => e.Sequence).ValueGeneratedNever();
            entry.Property(e => e.Actor).HasMaxLength(AuditLog.MaxActorLength);
            entry.Property(e => e.Action).HasMaxLength(AuditLog.MaxActionLength);
            entry.Property(e => e.Subject).HasMaxLength(AuditLog.MaxSubjectLength);
            entry.Property(e => e.Reason).HasMaxLength(AuditLog.MaxReasonLength);
            entry.Property(e => e.PreviousHash).HasMaxLength(64);
            entry.Property(e => e.Hash).HasMaxLength(64);
        });
        modelBuilder.Entity<AuditCheckpoint>(checkpoint =>
        {
            checkpoint.ToTable("AuditCheckpoints");
            checkpoint.HasKey(c => c.Id);
            checkpoint.Property(c => c.Hash).HasMaxLength(64);
            checkpoint.HasIndex(c => c.UpToSequence).IsUnique();
        });
    }
}
