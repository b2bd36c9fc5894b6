using Microsoft.EntityFrameworkCore;

namespace StudentCard.Central.Retention;

/// <summary>
/// Copies the WAL into the database file and truncates the WAL to zero bytes. With secure_delete on,
/// the pages copied carry zeros where deleted rows were, and the WAL frames that still held the rows
/// are gone; only then is a deleted row absent from every byte of both files.
/// </summary>
public static class SqliteCheckpoint
{
    /// <summary>True when the checkpoint completed; false when a reader kept it from finishing (try again later).</summary>
    public static async Task<bool> TruncateAsync(DbContext db, CancellationToken cancellationToken)
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
