using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.SignInLimits;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;

namespace StudentCard.Central.Tests.Staff;

/// <summary>A real staff store and audit store in a temporary directory, with the staff services over them.</summary>
public sealed class StaffStore : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    private StaffStore(TimeProvider clock, StaffOptions options)
    {
        var staff = new DbContextOptionsBuilder<StaffDbContext>();
        SqliteStore.Configure(staff, Path.Combine(_directory.Path, StaffDbContext.FileName));
        Stores = new PooledDbContextFactory<StaffDbContext>(staff.Options);
        var audit = new DbContextOptionsBuilder<AuditDbContext>();
        SqliteStore.Configure(audit, Path.Combine(_directory.Path, AuditDbContext.FileName));
        AuditStores = new PooledDbContextFactory<AuditDbContext>(audit.Options);
        Directory = Open(Stores, AuditStores, options, clock);
        Administration = new StaffAdministration(Stores, Directory, clock, NullLogger<StaffAdministration>.Instance);
    }

    public IDbContextFactory<StaffDbContext> Stores { get; }

    public IDbContextFactory<AuditDbContext> AuditStores { get; }

    public StaffDirectory Directory { get; }

    public StaffAdministration Administration { get; }

    public static async Task<StaffStore> CreateAsync(TimeProvider clock, StaffOptions options)
    {
        var store = new StaffStore(clock, options);
        await using (var db = await store.Stores.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }
        await using (var audit = await store.AuditStores.CreateDbContextAsync())
        {
            await audit.Database.MigrateAsync();
        }
        return store;
    }

    /// <summary>The staff directory over a data directory's staff and audit stores, as the command line opens them.</summary>
    public static StaffDirectory Open(string dataDirectory)
    {
        var staff = new DbContextOptionsBuilder<StaffDbContext>();
        SqliteStore.Configure(staff, Path.Combine(dataDirectory, StaffDbContext.FileName));
        var audit = new DbContextOptionsBuilder<AuditDbContext>();
        SqliteStore.Configure(audit, Path.Combine(dataDirectory, AuditDbContext.FileName));
        return Open(new PooledDbContextFactory<StaffDbContext>(staff.Options), new PooledDbContextFactory<AuditDbContext>(audit.Options), new StaffOptions(), TimeProvider.System);
    }

    public async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await AuditStores.CreateDbContextAsync();
        return await db.Entries.OrderBy(e => e.Sequence).ToListAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private static StaffDirectory Open(IDbContextFactory<StaffDbContext> stores, IDbContextFactory<AuditDbContext> audit, StaffOptions options, TimeProvider clock) =>
        new(stores, Options.Create(options), new SignInThrottles(Options.Create(new SignInLimitsOptions())),
            new AuditLog(audit, clock, NullLogger<AuditLog>.Instance), clock, NullLogger<StaffDirectory>.Instance);
}
