using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Admin.Stores;

/// <summary>Lets the EF tools build the staff store's context without starting Central.</summary>
public sealed class AdminDbContextDesignFactory : IDesignTimeDbContextFactory<AdminDbContext>
{
    public AdminDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AdminDbContext>();
        SqliteStore.Configure(builder, Path.Combine("data", AdminDbContext.FileName));
        return new AdminDbContext(builder.Options);
    }
}
