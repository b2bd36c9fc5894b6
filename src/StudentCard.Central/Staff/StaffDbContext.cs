using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Staff;

/// <summary>The staff store (data/admin.db), its own file: sign-in accounts of the people who administer Central.</summary>
public sealed class StaffDbContext(DbContextOptions<StaffDbContext> options) : DbContext(options)
{
    public const string FileName = "admin.db";

    public DbSet<StaffAccount> StaffAccounts => Set<StaffAccount>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteStore.Conventions(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StaffAccount>(account =>
        {
            account.HasKey(a => a.UserName);
            account.Property(a => a.UserName).HasMaxLength(64);
            account.Property(a => a.DisplayName).HasMaxLength(100);
            account.Property(a => a.Role).HasConversion<string>().HasMaxLength(32);
            account.Property(a => a.Scope).HasMaxLength(100);
            account.Property(a => a.PasswordHash).HasMaxLength(200);
        });
    }
}
