using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Audit;
using StudentCard.Central.Tests.Support;

namespace StudentCard.Central.Tests.Retention;

/// <summary>The migrations match the model: counts in central.db, the audit log in its own audit.db, secure_delete on.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Both_stores_are_migrated_with_no_pending_model_changes_and_secure_delete_on()
    {
        await using var central = await TestCentral.StartAsync();
        await using var db = central.CentralDb();
        await using var audit = central.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.False(audit.Database.HasPendingModelChanges());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_RetentionStatistics"));
        Assert.Contains(await audit.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialAudit"));
        Assert.True(File.Exists(Path.Combine(central.DataDirectory, AuditDbContext.FileName)));
        Assert.Equal(1L, await Scalar(db, "PRAGMA secure_delete"));
        Assert.Equal(1L, await Scalar(audit, "PRAGMA secure_delete"));
    }

    private static async Task<long> Scalar(DbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
