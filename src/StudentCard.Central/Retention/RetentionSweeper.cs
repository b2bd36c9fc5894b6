using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Retention;

/// <summary>
/// Deletes what has outlived its purpose: passages per purpose (counted into the anonymous hourly
/// counts first), counts older than their retention, audit entries older than theirs. Then it
/// checkpoints the WAL so the deleted rows are gone from the files' bytes, not only from queries.
/// It sweeps at start (catching up after downtime) and then every SweepInterval, so a passage is
/// never deleted before its retention has run out and lives at most one interval longer.
/// </summary>
public sealed class RetentionSweeper(
    IDbContextFactory<CentralDbContext> stores,
    IDbContextFactory<AuditDbContext> auditStores,
    AuditLog audit,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    // After a blocked checkpoint the next try comes soon, so deleted rows do not linger in the WAL.
    private static readonly TimeSpan RetryWait = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _sweeping = new(1, 1);
    private SweepResult? _last;

    /// <summary>The last completed sweep, for health checks and tests.</summary>
    public SweepResult? LastSweep => Volatile.Read(ref _last);

    public async Task<SweepResult> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        await _sweeping.WaitAsync(cancellationToken);
        try
        {
            var result = await SweepAsync(cancellationToken);
            Volatile.Write(ref _last, result);
            return result;
        }
        finally
        {
            _sweeping.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting; the first sweep catches up on whatever expired while Central was down.
        await Task.Yield();
        var retention = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = retention.SweepInterval;
            try
            {
                var result = await SweepOnceAsync(stoppingToken);
                if (!result.Checkpointed)
                {
                    wait = RetryWait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The retention sweep failed; it is tried again in {Wait}", wait);
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value;
        var now = time.GetUtcNow();
        var deleted = new Dictionary<ReaderType, int>();
        foreach (var purpose in ReaderTypes.All)
        {
            var count = await PassageExpiry.DeleteExpiredAsync(stores, purpose, now - retention.For(purpose), retention.DeleteBatchSize, cancellationToken);
            deleted[purpose] = count;
            if (count > 0)
            {
                logger.LogInformation("Deleted {Count} {Purpose} passages older than {Retention} after counting them", count, purpose.Name(), retention.For(purpose));
            }
        }

        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var countsCutoff = now - retention.Statistics;
        var countsDeleted = await db.HourlyCounts.Where(c => c.Hour <= countsCutoff - TimeSpan.FromHours(1)).ExecuteDeleteAsync(cancellationToken);
        if (countsDeleted > 0)
        {
            logger.LogInformation("Deleted {Count} hourly counts older than {Retention}", countsDeleted, retention.Statistics);
        }

        var checkpointed = true;
        if (deleted.Values.Sum() > 0 || countsDeleted > 0)
        {
            checkpointed = await SqliteCheckpoint.TruncateAsync(db, cancellationToken);
            if (!checkpointed)
            {
                logger.LogWarning("The purpose store's WAL checkpoint was blocked by readers on every attempt; deleted rows stay in the WAL until the next sweep");
            }
        }

        var auditExpired = await audit.ExpireAsync(now - retention.Audit, cancellationToken);
        if (auditExpired > 0)
        {
            await using var auditDb = await auditStores.CreateDbContextAsync(cancellationToken);
            checkpointed &= await SqliteCheckpoint.TruncateAsync(auditDb, cancellationToken);
        }
        return new SweepResult(now, deleted, countsDeleted, auditExpired, checkpointed);
    }
}
