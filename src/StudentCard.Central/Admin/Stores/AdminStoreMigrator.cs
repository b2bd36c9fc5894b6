using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudentCard.Central.Admin.Stores;

/// <summary>Creates or upgrades the staff store at start, before anyone can sign in.</summary>
public sealed class AdminStoreMigrator(IDbContextFactory<AdminDbContext> stores, ILogger<AdminStoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Staff store is up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
