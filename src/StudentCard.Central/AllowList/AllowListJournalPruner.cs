using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.Stores;

namespace StudentCard.Central.AllowList;

/// <summary>Keeps the journal of entitlement changes within <see cref="AllowListJournalOptions"/>, at start and then periodically.</summary>
public sealed class AllowListJournalPruner(
    IDbContextFactory<CentralDbContext> stores,
    IOptions<AllowListJournalOptions> options,
    TimeProvider time,
    ILogger<AllowListJournalPruner> logger) : BackgroundService
{
    public async Task<int> PruneOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var deleted = await AllowListJournal.PruneAsync(db, options.Value, time.GetUtcNow(), cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Pruned {Count} allow-list journal rows", deleted);
        }
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.PruneEveryMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A busy store now is no reason to stop pruning later; a journal kept a little longer only holds more deltas.
                logger.LogWarning("Could not prune the allow-list journal: {Error}", e.Message);
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
