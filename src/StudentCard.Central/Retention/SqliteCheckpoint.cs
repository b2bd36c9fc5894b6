using Microsoft.EntityFrameworkCore;

namespace StudentCard.Central.Retention;

/// <summary>
/// Copies the WAL into the database file and truncates the WAL to zero bytes. With secure_delete on,
/// the pages copied carry zeros where deleted rows were, and the WAL frames that still held the rows
/// are gone; only then is a deleted row absent from every byte of both files.
/// </summary>
public static class SqliteCheckpoint
{
    /// <summary>
    /// How often a checkpoint held up by readers is tried again before the caller is told it did not finish. Readers
    /// (online checks, ingest) hold their snapshots for milliseconds, so a few tries spread over about five seconds
    /// almost always find a moment without one; a WAL left full would keep deleted rows readable until the next sweep.
    /// </summary>
    public const int Attempts = 8;

    /// <summary>True when the checkpoint completed; false when readers kept it from finishing on every attempt (try again later).</summary>
    public static async Task<bool> TruncateAsync(DbContext db, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(40);
        for (var attempt = 1; ; attempt++)
        {
            if (await TruncateOnceAsync(db, cancellationToken))
            {
                return true;
            }
            if (attempt == Attempts)
            {
                return false;
            }
            await Task.Delay(pause, cancellationToken);
            pause *= 2;
        }
    }

    private static async Task<bool> TruncateOnceAsync(DbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            // One row: busy (1 when blocked), frames in the WAL, frames checkpointed.
            return await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) == 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
