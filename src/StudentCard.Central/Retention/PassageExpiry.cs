using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Statistics;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Retention;

/// <summary>
/// Deletes one purpose's expired passages in small transactions, each of which first adds the
/// passages it deletes to the anonymous hourly counts: a passage is counted exactly once, and
/// never lost to the statistics by expiring. Between batches the write lock is free for ingest.
/// </summary>
public static class PassageExpiry
{
    /// <summary>Passages whose time is at or before <paramref name="cutoff"/> are expired.</summary>
    public static async Task<int> DeleteExpiredAsync(
        IDbContextFactory<CentralDbContext> stores, ReaderType purpose, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            await using var db = await stores.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = await db.Passages
                .Where(p => p.Purpose == purpose && p.OccurredAt <= cutoff)
                .OrderBy(p => p.OccurredAt)
                .Take(batchSize)
                .Select(p => new { p.Id, p.ReaderId, p.OccurredAt, p.Decision, p.Direction })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return deleted;
            }
            await HourlyCounter.AddAsync(db, batch.Select(p => new CountedPassage(purpose, p.ReaderId, p.OccurredAt, p.Decision, p.Direction)), cancellationToken);
            var ids = batch.Select(p => p.Id).ToList();
            deleted += await db.Passages.Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (batch.Count < batchSize)
            {
                return deleted;
            }
        }
    }
}
