using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Central.Audit;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;

namespace StudentCard.Central.Tests.Audit;

/// <summary>A real audit store (audit.db in a temp directory, migrated) with the log over it and raw SQL access for tampering.</summary>
internal sealed class AuditFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private AuditFixture(TempDirectory directory, ServiceProvider services, FakeTimeProvider clock)
    {
        Directory = directory;
        _services = services;
        Clock = clock;
        Log = new AuditLog(services.GetRequiredService<IDbContextFactory<AuditDbContext>>(), clock, NullLogger<AuditLog>.Instance);
    }

    public TempDirectory Directory { get; }

    public FakeTimeProvider Clock { get; }

    public AuditLog Log { get; }

    public string DataDirectory => Path.Combine(Directory.Path, "data");

    public string DatabasePath => Path.Combine(DataDirectory, AuditDbContext.FileName);

    public static async Task<AuditFixture> CreateAsync()
    {
        var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "data", AuditDbContext.FileName);
        SqliteStore.CreateOwnerOnly(path);
        var services = new ServiceCollection()
            .AddDbContextFactory<AuditDbContext>(options => SqliteStore.Configure(options, path))
            .BuildServiceProvider();
        await using (var db = await services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }
        return new AuditFixture(directory, services, new FakeTimeProvider(T0));
    }

    public AuditDbContext Db() => _services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContext();

    /// <summary>Writes <paramref name="count"/> entries a minute apart, as staff reading passages would.</summary>
    public async Task<List<AuditEntry>> RecordAsync(int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            entries.Add(await Log.RecordAsync($"school-admin-{i % 2}", AuditActions.PassagesRead, $"gate pseudonym {i:x32}", $"safety question #{i}: did the pupil arrive"));
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
        return entries;
    }

    /// <summary>Runs SQL on the file as someone with write access to it would (the append-only triggers dropped first).</summary>
    public async Task TamperAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER IF EXISTS AuditEntries_NoUpdate; DROP TRIGGER IF EXISTS AuditEntries_DeleteOnlyBehindCheckpoint; " + sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }
}
