using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Vault;

/// <summary>Lets the EF tools build the vault context without starting Central.</summary>
public sealed class VaultDbContextDesignFactory : IDesignTimeDbContextFactory<VaultDbContext>
{
    public VaultDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<VaultDbContext>();
        SqliteStore.Configure(builder, Path.Combine("data", "vault.db"));
        return new VaultDbContext(builder.Options);
    }
}
