using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudentCard.Central.EnrollmentDesk;

/// <summary>Creates or upgrades the desk store at start, before a desk can call.</summary>
public sealed class DeskStoreMigrator(IDbContextFactory<DeskDbContext> stores, ILogger<DeskStoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Desk store is up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
