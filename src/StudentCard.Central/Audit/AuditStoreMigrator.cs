using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudentCard.Central.Audit;

/// <summary>Creates or upgrades the audit store at start, before anything can need to record.</summary>
public sealed class AuditStoreMigrator(IDbContextFactory<AuditDbContext> stores, ILogger<AuditStoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Audit store is up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
