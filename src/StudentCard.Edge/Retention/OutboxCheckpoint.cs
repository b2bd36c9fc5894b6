using Microsoft.Data.Sqlite;

namespace StudentCard.Edge.Retention;

/// <summary>
/// Checkpoints the outbox's WAL into its database file and truncates the WAL, through a connection
/// of its own. The outbox deletes a row only when Central confirms it, with secure_delete on, so the
/// pages written back carry zeros where confirmed rows were; the truncation removes the WAL frames
/// that still held them. Unconfirmed rows are untouched: this deletes nothing.
/// </summary>
public static class OutboxCheckpoint
{
    /// <summary>True when the checkpoint completed; false when the outbox's own writer kept it from finishing, or there is no outbox yet.</summary>
    public static bool Truncate(string outboxPath)
    {
        if (!File.Exists(outboxPath))
        {
            return false;
        }
        var connectionString = new SqliteConnectionStringBuilder { DataSource = outboxPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var wait = connection.CreateCommand())
        {
            // Wait briefly for a write in progress instead of giving up at once.
            wait.CommandText = "PRAGMA busy_timeout=2000;";
            wait.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        // One row: busy (1 when blocked), frames in the WAL, frames checkpointed.
        return reader.Read() && reader.GetInt32(0) == 0;
    }
}
