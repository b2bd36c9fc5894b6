using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace StudentCard.Central.Cli;

/// <summary>
/// Opening a store file for a command: migrations applied, and a damaged, locked or unwritable file reported
/// as a <see cref="CliFailure"/> naming the file and what to do, instead of a SQLite stack trace.
/// </summary>
public static class StoreFiles
{
    public static async Task MigrateAsync<T>(IDbContextFactory<T> factory, CancellationToken cancellationToken) where T : DbContext
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var path = db.Database.GetDbConnection().DataSource;
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            throw new CliFailure(Explain(path, e));
        }
    }

    /// <summary>The SQLite failure behind <paramref name="e"/> (itself or an inner exception), if there is one.</summary>
    public static SqliteException? Cause(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SqliteException sqlite)
            {
                return sqlite;
            }
        }
        return null;
    }

    /// <summary>What went wrong with a store file and what the operator does about it; <paramref name="path"/> may be unknown.</summary>
    public static string Explain(string? path, SqliteException e)
    {
        var file = string.IsNullOrEmpty(path) ? "A store file in the data directory" : $"The store file '{path}'";
        return e.SqliteErrorCode switch
        {
            SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT =>
                $"{file} is damaged or is not one of Central's stores (SQLite error {e.SqliteErrorCode}). Check that --data is Central's data directory; if it is, restore the file from the latest backup.",
            SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED =>
                $"{file} is locked by another process. Wait for it to finish (or stop it) and run the command again.",
            SQLitePCL.raw.SQLITE_CANTOPEN =>
                $"{file} cannot be opened. Check that the data directory and its files exist and can be read and written by this user.",
            SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_PERM or SQLitePCL.raw.SQLITE_AUTH =>
                $"{file} cannot be written by this user. Run the command as the account Central runs under.",
            SQLitePCL.raw.SQLITE_FULL =>
                $"The disk holding {(string.IsNullOrEmpty(path) ? "the data directory" : $"'{path}'")} is full. Free space and run the command again.",
            _ => $"{file} could not be used (SQLite: {e.Message}). Check the file and the disk, then run the command again.",
        };
    }
}
