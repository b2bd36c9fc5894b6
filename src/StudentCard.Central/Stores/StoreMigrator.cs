using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudentCard.Central.Stores;

/// <summary>Creates or upgrades one store's database at start, before anything that uses it runs.</summary>
public sealed class StoreMigrator<TContext>(IDbContextFactory<TContext> stores, ILogger<StoreMigrator<TContext>> logger, string store) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("The {Store} is up to date", store);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Registers a store's migration; hosted services start in registration order, so register it before its users.</summary>
public static class StoreMigration
{
    public static IServiceCollection AddStoreMigration<TContext>(this IServiceCollection services, string store)
        where TContext : DbContext =>
        services.AddHostedService(sp => new StoreMigrator<TContext>(
            sp.GetRequiredService<IDbContextFactory<TContext>>(), sp.GetRequiredService<ILogger<StoreMigrator<TContext>>>(), store));
}
