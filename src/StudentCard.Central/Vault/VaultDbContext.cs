using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Vault;

/// <summary>
/// The identity vault (data/vault.db), a file apart from the purpose store: names, student
/// numbers, card tokens, guardians, data-subject requests and the breach register. It never holds a pseudonym.
/// </summary>
public sealed class VaultDbContext(DbContextOptions<VaultDbContext> options) : DbContext(options)
{
    public DbSet<Student> Students => Set<Student>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<StudentClass> StudentClasses => Set<StudentClass>();

    public DbSet<StudentPurpose> StudentPurposes => Set<StudentPurpose>();

    public DbSet<AccessRule> AccessRules => Set<AccessRule>();

    public DbSet<RuleException> RuleExceptions => Set<RuleException>();

    public DbSet<Guardian> Guardians => Set<Guardian>();

    public DbSet<StudentGuardian> StudentGuardians => Set<StudentGuardian>();

    public DbSet<SubjectRequest> SubjectRequests => Set<SubjectRequest>();

    public DbSet<Breach> Breaches => Set<Breach>();

    public DbSet<BreachPupil> BreachPupils => Set<BreachPupil>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteStore.Conventions(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Student>(student =>
        {
            student.HasKey(s => s.Id);
            student.Property(s => s.StudentNumber).HasMaxLength(64);
            student.HasIndex(s => s.StudentNumber).IsUnique();
            student.Property(s => s.GivenName).HasMaxLength(100);
            student.Property(s => s.FamilyName).HasMaxLength(100);
            student.Property(s => s.School).HasMaxLength(100);
            student.Property(s => s.ClassName).HasMaxLength(64);
            student.Property(s => s.GuardianName).HasMaxLength(200);
            student.Property(s => s.SourcedId).HasMaxLength(64);
            student.HasIndex(s => s.SourcedId).IsUnique();
            student.Property(s => s.OrgSourcedId).HasMaxLength(64);
            student.Property(s => s.Grades).HasMaxLength(32);
        });
        modelBuilder.Entity<StudentClass>(enrolled =>
        {
            enrolled.HasKey(c => new { c.StudentId, c.Title });
            enrolled.Property(c => c.Title).HasMaxLength(64);
            enrolled.HasOne<Student>().WithMany().HasForeignKey(c => c.StudentId).OnDelete(DeleteBehavior.Cascade);
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
            purpose.Property(p => p.Places).HasMaxLength(StudentPurpose.MaxPlaces);
            purpose.Property(p => p.Schedule).HasMaxLength(64);
            purpose.Property(p => p.Rules).HasMaxLength(StudentPurpose.MaxRules);
        });
        modelBuilder.Entity<AccessRule>(rule =>
        {
            rule.HasKey(r => r.Id);
            rule.Property(r => r.School).HasMaxLength(100);
            rule.Property(r => r.Name).HasMaxLength(100);
            rule.Property(r => r.Population).HasConversion<string>().HasMaxLength(16);
            rule.Property(r => r.PopulationValue).HasMaxLength(64);
            rule.Property(r => r.Places).HasMaxLength(400);
            rule.Property(r => r.Schedule).HasMaxLength(64);
            rule.Property(r => r.ChangedBy).HasMaxLength(128);
            rule.HasIndex(r => new { r.School, r.Purpose });
        });
        modelBuilder.Entity<RuleException>(exception =>
        {
            exception.HasKey(e => new { e.RuleId, e.StudentId });
            exception.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
            exception.HasOne<AccessRule>().WithMany().HasForeignKey(e => e.RuleId).OnDelete(DeleteBehavior.Cascade);
            exception.HasOne<Student>().WithMany().HasForeignKey(e => e.StudentId).OnDelete(DeleteBehavior.Cascade);
            exception.HasIndex(e => e.StudentId);
        });
        modelBuilder.Entity<Guardian>(guardian =>
        {
            guardian.HasKey(g => g.Id);
            guardian.Property(g => g.SourcedId).HasMaxLength(64);
            guardian.HasIndex(g => g.SourcedId).IsUnique();
            guardian.Property(g => g.GivenName).HasMaxLength(100);
            guardian.Property(g => g.FamilyName).HasMaxLength(100);
        });
        modelBuilder.Entity<StudentGuardian>(link =>
        {
            link.HasKey(l => new { l.StudentId, l.GuardianId });
            link.HasOne<Student>().WithMany().HasForeignKey(l => l.StudentId).OnDelete(DeleteBehavior.Cascade);
            link.HasOne<Guardian>().WithMany().HasForeignKey(l => l.GuardianId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SubjectRequest>(request =>
        {
            request.HasKey(r => r.Id);
            request.Ignore(r => r.AuditSubject);
            request.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.Requester).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.ExtensionReason).HasMaxLength(1000);
            request.Property(r => r.VerificationMethod).HasMaxLength(500);
            request.Property(r => r.VerifiedBy).HasMaxLength(128);
            request.Property(r => r.Outcome).HasMaxLength(2000);
            request.Property(r => r.RefusalReason).HasMaxLength(1000);
            request.Property(r => r.NotificationChannel).HasMaxLength(200);
            // An erasure removes the pupil but keeps the request, as proof it was answered.
            request.HasOne<Student>().WithMany().HasForeignKey(r => r.StudentId).OnDelete(DeleteBehavior.SetNull);
            request.HasOne<Guardian>().WithMany().HasForeignKey(r => r.GuardianId).OnDelete(DeleteBehavior.SetNull);
            request.HasIndex(r => new { r.StudentId, r.Kind });
        });
        modelBuilder.Entity<Breach>(breach =>
        {
            breach.HasKey(b => b.Id);
            breach.Ignore(b => b.AuditSubject);
            breach.Property(b => b.Description).HasMaxLength(2000);
            breach.Property(b => b.RecordedBy).HasMaxLength(128);
            breach.Property(b => b.DataCategories).HasMaxLength(1000);
            breach.Property(b => b.Consequences).HasMaxLength(2000);
            breach.Property(b => b.Measures).HasMaxLength(2000);
            breach.Property(b => b.Risk).HasConversion<string>().HasMaxLength(16);
            breach.Property(b => b.AuthorityReference).HasMaxLength(200);
            breach.Property(b => b.DelayReason).HasMaxLength(1000);
            breach.Property(b => b.InformDecisionReason).HasMaxLength(1000);
            breach.Property(b => b.PupilsInformedChannel).HasMaxLength(200);
            breach.Property(b => b.ProposalSource).HasMaxLength(300);
            breach.Property(b => b.ClosingNote).HasMaxLength(1000);
        });
        modelBuilder.Entity<BreachPupil>(pupil =>
        {
            pupil.HasKey(p => new { p.BreachId, p.StudentId });
            pupil.HasOne<Breach>().WithMany().HasForeignKey(p => p.BreachId).OnDelete(DeleteBehavior.Cascade);
            // An erasure removes the pupil from the register too; the breach keeps its approximate counts.
            pupil.HasOne<Student>().WithMany().HasForeignKey(p => p.StudentId).OnDelete(DeleteBehavior.Cascade);
            pupil.HasIndex(p => p.StudentId);
        });
    }
}
