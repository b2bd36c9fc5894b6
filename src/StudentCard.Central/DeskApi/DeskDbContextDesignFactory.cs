using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using StudentCard.Central.Stores;

namespace StudentCard.Central.DeskApi;

/// <summary>Lets the EF tools build the desk context without starting Central.</summary>
public sealed class DeskDbContextDesignFactory : IDesignTimeDbContextFactory<DeskDbContext>
{
    public DeskDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<DeskDbContext>();
        SqliteStore.Configure(builder, Path.Combine("data", DeskDbContext.FileName));
        return new DeskDbContext(builder.Options);
    }
}
