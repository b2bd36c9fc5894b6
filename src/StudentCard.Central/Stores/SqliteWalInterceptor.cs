using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StudentCard.Central.Stores;

/// <summary>
/// Puts every SQLite connection in WAL mode so readers never block the passage writer, and turns on
/// secure_delete so deleted rows are overwritten with zeros rather than left in free space (the
/// retention sweeper then checkpoints the WAL, and expired rows are gone from both files).
/// </summary>
public sealed class SqliteWalInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
