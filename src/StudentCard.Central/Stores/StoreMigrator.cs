using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Stores;

/// <summary>Applies both stores' migrations before anything else starts.</summary>
public sealed class StoreMigrator(
    IDbContextFactory<CentralDbContext> central,
    IDbContextFactory<VaultDbContext> vault,
    ILogger<StoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await central.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        await using (var db = await vault.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        logger.LogInformation("Purpose store and identity vault are up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
