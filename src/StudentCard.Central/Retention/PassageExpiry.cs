using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using StudentCard.Central.Statistics;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Retention;

/// <summary>
/// Deletes one purpose's expired passages in small transactions, each of which adds the passages it
/// deletes to the anonymous hourly counts: a passage is counted exactly once, and never lost to the
/// statistics by expiring. Between batches the sweeper rests, so the ingest writer gets the write lock.
/// </summary>
public static class PassageExpiry
{
    // SQLite's busy handler makes a waiting writer sleep and retry, and a sweeper that takes the lock
    // again at once can keep it from ever getting in: resting as long as the batch held the lock leaves
    // the store free at least half the time, whatever the disk's speed.
    private static readonly TimeSpan MinimumRest = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaximumRest = TimeSpan.FromMilliseconds(100);

    // One statement picks the oldest expired rows by the (Purpose, OccurredAt) index, deletes them and
    // returns what the counts need, so the write lock is held for the delete, the counts and the commit only.
    private const string DeleteOldest = """
        DELETE FROM Passages WHERE Id IN (
            SELECT Id FROM Passages WHERE Purpose = $purpose AND OccurredAt <= $cutoff ORDER BY OccurredAt LIMIT $limit)
        RETURNING ReaderId, OccurredAt, Decision, Direction, Place;
        """;

    /// <summary>Passages whose time is at or before <paramref name="cutoff"/> are expired.</summary>
    public static async Task<int> DeleteExpiredAsync(
        IDbContextFactory<CentralDbContext> stores, ReaderType purpose, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            int count;
            await using (var db = await stores.CreateDbContextAsync(cancellationToken))
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var batch = await DeleteOldestAsync(db, transaction.GetDbTransaction(), purpose, cutoff, batchSize, cancellationToken);
                if (batch.Count > 0)
                {
                    // The cells these passages fall in, loaded in one query: the counter then finds each cell in memory.
                    var hours = batch.Select(p => HourlyCounter.StartOfHour(p.OccurredAt)).Distinct().ToList();
                    await db.HourlyCounts.Where(c => c.Purpose == purpose && hours.Contains(c.Hour)).LoadAsync(cancellationToken);
                    await HourlyCounter.AddAsync(db, batch, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                count = batch.Count;
            }
            deleted += count;
            if (count < batchSize)
            {
                return deleted;
            }
            // Real time, not the TimeProvider: this shares the disk with the ingest writer, it is not a retention period.
            var held = Stopwatch.GetElapsedTime(started);
            await Task.Delay(held < MinimumRest ? MinimumRest : held > MaximumRest ? MaximumRest : held, cancellationToken);
        }
    }

    private static async Task<List<CountedPassage>> DeleteOldestAsync(
        CentralDbContext db, DbTransaction transaction, ReaderType purpose, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var delete = db.Database.GetDbConnection().CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = DeleteOldest;
        Add(delete, "$purpose", purpose.Name());
        Add(delete, "$cutoff", cutoff.UtcTicks);
        Add(delete, "$limit", limit);
        var batch = new List<CountedPassage>(limit);
        await using var rows = await delete.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            batch.Add(new CountedPassage(purpose, rows.GetString(0), new DateTimeOffset(rows.GetInt64(1), TimeSpan.Zero), rows.GetString(2), rows.GetString(3), rows.IsDBNull(4) ? null : rows.GetString(4)));
        }
        return batch;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
