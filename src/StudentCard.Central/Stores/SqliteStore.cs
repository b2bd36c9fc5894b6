using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace StudentCard.Central.Stores;

/// <summary>The one way both stores are configured: SQLite file, WAL mode, shared value conversions.</summary>
public static class SqliteStore
{
    public static void Configure(DbContextOptionsBuilder builder, string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        builder.UseSqlite(connectionString).AddInterceptors(new SqliteWalInterceptor());
    }

    public static void EnsureDirectoryFor(string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
    }

    public static void Conventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configuration.Properties<ReaderType>().HaveConversion<ReaderTypeConverter>().HaveMaxLength(16);
    }
}
