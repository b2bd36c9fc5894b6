using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace StudentCard.Central.Stores;

/// <summary>Lets the EF tools build the context without starting Central (dotnet ef migrations add).</summary>
public sealed class CentralDbContextDesignFactory : IDesignTimeDbContextFactory<CentralDbContext>
{
    public CentralDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<CentralDbContext>();
        SqliteStore.Configure(builder, Path.Combine("data", "central.db"));
        return new CentralDbContext(builder.Options);
    }
}
