using Microsoft.Data.Sqlite;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Outbox;

/// <summary>
/// The agent's durable queue of passages not yet confirmed by Central. SQLite in WAL mode with
/// synchronous=FULL: every commit is fsynced to the WAL before the call returns, so a passage
/// whose feedback was shown survives a kill -9 or a power cut (NORMAL would keep the file intact
/// but could lose the last commits on power loss). secure_delete overwrites confirmed rows.
/// </summary>
public sealed class PassageOutbox : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public PassageOutbox(string path)
    {
        OwnerOnlyFiles.CreateDatabase(path);
        FilePath = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA secure_delete=ON;");
        Execute("""
            CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                reader_id TEXT NOT NULL,
                purpose TEXT NOT NULL,
                pseudonym TEXT NOT NULL,
                key_version INTEGER NOT NULL,
                occurred_at INTEGER NOT NULL,
                decision TEXT NOT NULL,
                reason TEXT NOT NULL,
                direction TEXT NOT NULL,
                sent_at INTEGER NULL,
                place TEXT NULL);
            CREATE INDEX IF NOT EXISTS outbox_sent_at ON outbox (sent_at);
            """);
        // An outbox written by an agent from before passages carried their place keeps its rows and gains the column.
        if (Scalar("SELECT COUNT(*) FROM pragma_table_info('outbox') WHERE name = 'place';") == 0)
        {
            Execute("ALTER TABLE outbox ADD COLUMN place TEXT NULL;");
        }
        Count = Scalar("SELECT COUNT(*) FROM outbox;");
    }

    public string FilePath { get; }

    /// <summary>Passages waiting for Central's confirmation.</summary>
    public int Count { get; private set; }

    public void Add(PassageMessage passage)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO outbox (id, reader_id, purpose, pseudonym, key_version, occurred_at, decision, reason, direction, place)
                VALUES ($id, $reader, $purpose, $pseudonym, $keyVersion, $at, $decision, $reason, $direction, $place)
                ON CONFLICT(id) DO NOTHING;
                """;
            command.Parameters.AddWithValue("$id", passage.Id.ToString("D"));
            command.Parameters.AddWithValue("$reader", passage.ReaderId);
            command.Parameters.AddWithValue("$purpose", passage.Purpose);
            command.Parameters.AddWithValue("$pseudonym", passage.Pseudonym);
            command.Parameters.AddWithValue("$keyVersion", passage.KeyVersion);
            command.Parameters.AddWithValue("$at", passage.OccurredAt.UtcTicks);
            command.Parameters.AddWithValue("$decision", passage.Decision);
            command.Parameters.AddWithValue("$reason", passage.Reason);
            command.Parameters.AddWithValue("$direction", passage.Direction);
            command.Parameters.AddWithValue("$place", (object?)passage.Place ?? DBNull.Value);
            Count += command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The oldest passages that were never sent or were sent before <paramref name="resendBefore"/>
    /// without confirmation; marks them sent at <paramref name="now"/>.
    /// </summary>
    public IReadOnlyList<PassageMessage> TakeBatch(int max, DateTimeOffset now, DateTimeOffset resendBefore)
    {
        lock (_gate)
        {
            var batch = new List<PassageMessage>();
            using var transaction = _connection.BeginTransaction();
            using (var select = _connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = """
                    SELECT id, reader_id, purpose, pseudonym, key_version, occurred_at, decision, reason, direction, place
                    FROM outbox WHERE sent_at IS NULL OR sent_at < $resend ORDER BY seq LIMIT $max;
                    """;
                select.Parameters.AddWithValue("$resend", resendBefore.UtcTicks);
                select.Parameters.AddWithValue("$max", max);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    batch.Add(new PassageMessage(
                        Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                        reader.GetInt32(4), new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                        reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
                }
            }
            if (batch.Count > 0)
            {
                using var mark = _connection.CreateCommand();
                mark.Transaction = transaction;
                mark.CommandText = "UPDATE outbox SET sent_at = $now WHERE id = $id;";
                var id = mark.Parameters.Add("$id", SqliteType.Text);
                mark.Parameters.AddWithValue("$now", now.UtcTicks);
                foreach (var passage in batch)
                {
                    id.Value = passage.Id.ToString("D");
                    mark.ExecuteNonQuery();
                }
            }
            transaction.Commit();
            return batch;
        }
    }

    /// <summary>Forgets passages Central confirmed it committed. Unknown ids are ignored (a repeated confirmation).</summary>
    public int Confirm(IEnumerable<Guid> ids)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM outbox WHERE id = $id;";
            var parameter = delete.Parameters.Add("$id", SqliteType.Text);
            var removed = 0;
            foreach (var id in ids)
            {
                parameter.Value = id.ToString("D");
                removed += delete.ExecuteNonQuery();
            }
            transaction.Commit();
            Count -= removed;
            return removed;
        }
    }

    /// <summary>After a reconnection everything unconfirmed is due again at once.</summary>
    public void MarkAllUnsent()
    {
        lock (_gate)
        {
            Execute("UPDATE outbox SET sent_at = NULL WHERE sent_at IS NOT NULL;");
        }
    }

    /// <summary>Passages sent since <paramref name="resendBefore"/> and not yet confirmed: the in-flight window.</summary>
    public int InFlight(DateTimeOffset resendBefore)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM outbox WHERE sent_at >= $resend;";
            command.Parameters.AddWithValue("$resend", resendBefore.UtcTicks);
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Writes the WAL back into the database file and truncates it, so the bytes of confirmed (deleted,
    /// zeroed by secure_delete) passages leave the WAL too. Deletes nothing. Runs on the outbox's own
    /// connection, between its writes. False when a reader of the file kept it from completing.
    /// </summary>
    public bool Checkpoint()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            using var reader = command.ExecuteReader();
            // One row: busy (1 when blocked), frames in the WAL, frames checkpointed.
            return reader.Read() && reader.GetInt32(0) == 0;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private int Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
