using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Vault;

/// <summary>
/// The identity vault (data/vault.db), a file apart from the purpose store: names, student
/// numbers and card tokens. It never holds a pseudonym.
/// </summary>
public sealed class VaultDbContext(DbContextOptions<VaultDbContext> options) : DbContext(options)
{
    public DbSet<Student> Students => Set<Student>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<StudentPurpose> StudentPurposes => Set<StudentPurpose>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteStore.Conventions(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Student>(student =>
        {
            student.HasKey(s => s.Id);
            student.Property(s => s.StudentNumber).HasMaxLength(32);
            student.HasIndex(s => s.StudentNumber).IsUnique();
            student.Property(s => s.GivenName).HasMaxLength(100);
            student.Property(s => s.FamilyName).HasMaxLength(100);
            student.Property(s => s.School).HasMaxLength(100);
            student.Property(s => s.ClassName).HasMaxLength(20);
            student.Property(s => s.GuardianName).HasMaxLength(200);
        });
        modelBuilder.Entity<Card>(card =>
        {
            card.HasKey(c => c.Id);
            card.Property(c => c.CardToken).HasMaxLength(32);
            card.HasIndex(c => c.CardToken).IsUnique();
            card.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            card.HasOne<Student>().WithMany().HasForeignKey(c => c.StudentId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<StudentPurpose>(purpose =>
        {
            purpose.HasKey(p => new { p.StudentId, p.Purpose });
            purpose.HasOne<Student>().WithMany().HasForeignKey(p => p.StudentId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
