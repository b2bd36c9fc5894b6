using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Audit;

/// <summary>Lets the EF tools build the audit context without starting Central.</summary>
public sealed class AuditDbContextDesignFactory : IDesignTimeDbContextFactory<AuditDbContext>
{
    public AuditDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        SqliteStore.Configure(builder, Path.Combine("data", AuditDbContext.FileName));
        return new AuditDbContext(builder.Options);
    }
}
