using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Core;

namespace StudentCard.Central.Stores;

/// <summary>The one way both stores are configured: SQLite file, WAL mode, shared value conversions.</summary>
public static class SqliteStore
{
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>What SQLite writes beside a database file; it gives each the database file's own permissions.</summary>
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    public static void Configure(DbContextOptionsBuilder builder, string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        builder.UseSqlite(connectionString).AddInterceptors(new SqliteWalInterceptor());
    }

    /// <summary>
    /// Makes a store owner-only whatever the process umask, before EF Core first opens it: a missing folder is
    /// created 0700, and a missing database file is created 0600 and put in WAL mode (which gives it its header,
    /// so EF Core takes it for an existing, empty database). SQLite creates the -wal, -shm and -journal files with
    /// the database file's permissions, so they follow. A file others may read, left by an older install, is narrowed to 0600.
    /// </summary>
    public static void CreateOwnerOnly(string databasePath)
    {
        var path = Path.GetFullPath(databasePath);
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, OwnerOnlyModes.Folder);
        if (!File.Exists(path))
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyModes.File }))
            {
            }
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
        foreach (var file in Companions.Select(c => path + c).Prepend(path).Where(File.Exists))
        {
            if ((File.GetUnixFileMode(file) & Others) != 0)
            {
                File.SetUnixFileMode(file, OwnerOnlyModes.File);
            }
        }
    }

    public static void Conventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configuration.Properties<ReaderType>().HaveConversion<ReaderTypeConverter>().HaveMaxLength(16);
    }
}
