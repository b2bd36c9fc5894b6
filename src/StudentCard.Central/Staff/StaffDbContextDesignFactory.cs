using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Staff;

/// <summary>Lets the EF tools build the staff store's context without starting Central.</summary>
public sealed class StaffDbContextDesignFactory : IDesignTimeDbContextFactory<StaffDbContext>
{
    public StaffDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<StaffDbContext>();
        SqliteStore.Configure(builder, Path.Combine("data", StaffDbContext.FileName));
        return new StaffDbContext(builder.Options);
    }
}
