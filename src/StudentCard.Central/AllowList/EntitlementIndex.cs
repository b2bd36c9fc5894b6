using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;
using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>
/// Each purpose's entitlements in memory, one whole <see cref="AllowListEntry"/> per pseudonym, as of
/// one allow-list version: the online check looks a card up here instead of in the store. A purpose's
/// index is loaded at its first check and rebuilt, then swapped whole, once its version in the store
/// is newer than the one held, so a check never answers from an older list than the one committed.
/// </summary>
public sealed class EntitlementIndex(IDbContextFactory<CentralDbContext> stores)
{
    private readonly Dictionary<ReaderType, Slot> _slots = ReaderTypes.All.ToDictionary(purpose => purpose, _ => new Slot());
    private string? _connectionString;

    /// <summary>The purpose's committed allow-list version, read without an EF Core context (this runs on every check).</summary>
    public async Task<long> CommittedVersionAsync(ReaderType purpose, CancellationToken cancellationToken)
    {
        // Pooled: opening is taking a ready connection, and WAL readers never wait for the passage writer.
        await using var connection = new SqliteConnection(_connectionString ??= await ConnectionStringAsync(cancellationToken));
        await connection.OpenAsync(cancellationToken);
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT Version FROM AllowListVersions WHERE Purpose = $purpose;";
        read.Parameters.AddWithValue("$purpose", purpose.Name());
        return await read.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    /// <summary>The purpose's entries as of <paramref name="version"/> or a newer one, loading them when the held ones are older.</summary>
    public async Task<Entries> AtLeastAsync(ReaderType purpose, long version, CancellationToken cancellationToken)
    {
        var slot = _slots[purpose];
        while (true)
        {
            if (Volatile.Read(ref slot.Current) is { } current && current.Version >= version)
            {
                return current;
            }
            Task<Entries> loading;
            lock (slot)
            {
                // One load at a time per purpose: a burst of enrollments costs one rebuild per finished load, not one per check.
                slot.Loading ??= LoadAsync(purpose, slot);
                loading = slot.Loading;
            }
            await loading.WaitAsync(cancellationToken);
        }
    }

    private async Task<Entries> LoadAsync(ReaderType purpose, Slot slot)
    {
        // Not the caller's token: other checks wait for the same load.
        await Task.Yield();
        try
        {
            await using var db = await stores.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            // One deferred transaction is one WAL snapshot: the version and the entries agree, and the writer is not blocked.
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var transaction = connection.BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(transaction);
            var version = await db.AllowListVersions.AsNoTracking()
                .Where(v => v.Purpose == purpose)
                .Select(v => (long?)v.Version)
                .SingleOrDefaultAsync() ?? 0;
            var entries = await db.Entitlements.AsNoTracking()
                .Where(e => e.Purpose == purpose)
                .Select(e => new AllowListEntry(e.Pseudonym, e.ValidFrom, e.ValidUntil))
                .ToListAsync();
            await transaction.CommitAsync();
            var loaded = new Entries(version, ByPseudonym(entries));
            if (Volatile.Read(ref slot.Current) is not { } held || held.Version < loaded.Version)
            {
                Volatile.Write(ref slot.Current, loaded);
            }
            return loaded;
        }
        finally
        {
            lock (slot)
            {
                slot.Loading = null;
            }
        }
    }

    // During a key rotation a card has one entitlement per key version, each under its own pseudonym, so pseudonyms are unique per purpose.
    // A plain dictionary: it is only read once built, which is safe from many threads, and builds faster than a frozen one.
    private static Dictionary<string, AllowListEntry> ByPseudonym(List<AllowListEntry> entries) =>
        entries.ToDictionary(e => e.Pseudonym, StringComparer.Ordinal);

    private async Task<string> ConnectionStringAsync(CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return db.Database.GetConnectionString() ?? throw new InvalidOperationException("The purpose store has no connection string.");
    }

    /// <summary>One purpose's entitlements as of one version; never changed once built.</summary>
    public sealed record Entries(long Version, IReadOnlyDictionary<string, AllowListEntry> ByPseudonym)
    {
        public AllowListEntry? Find(string pseudonym) => ByPseudonym.GetValueOrDefault(pseudonym);
    }

    private sealed class Slot
    {
        public Entries? Current;

        public Task<Entries>? Loading;
    }
}
