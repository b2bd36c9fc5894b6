using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;

namespace StudentCard.Central.DeskApi;

/// <summary>
/// The desk store (data/desks.db): enrollment desks' credentials, apart from the purpose store's
/// reader registry so that no desk can ever pass as a purpose reader (and no reader as a desk), and
/// apart from the vault, which holds people, not devices.
/// </summary>
public sealed class DeskDbContext(DbContextOptions<DeskDbContext> options) : DbContext(options)
{
    public const string FileName = "desks.db";

    public DbSet<Desk> Desks => Set<Desk>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        SqliteStore.Conventions(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Desk>(desk =>
        {
            desk.HasKey(d => d.Id);
            desk.Property(d => d.Id).HasMaxLength(64);
            desk.Property(d => d.SecretHash).HasMaxLength(200);
        });
}
