using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;
using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>
/// Each purpose's entitlements in memory, one whole <see cref="AllowListEntry"/> per pseudonym, as of
/// one allow-list version: the online check looks a card up here instead of in the store. A purpose's
/// index is loaded at its first check and rebuilt, then swapped whole, once its committed version is
/// newer than the one held. Central's own commits are known at once (<see cref="Committed"/>); a commit
/// by another process (the command line) is read from the store at most <see cref="VersionRecheck"/> later.
/// </summary>
public sealed class EntitlementIndex(IDbContextFactory<CentralDbContext> stores, TimeProvider time) : IDisposable
{
    /// <summary>
    /// How long a committed version read from the store is trusted. Reading it on every check cost more CPU than the rest of
    /// the check's own work; an agent's own list is seconds old, so 50 ms more for another process's commit changes nothing at the gate.
    /// </summary>
    public static readonly TimeSpan VersionRecheck = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<ReaderType, Slot> _slots = ReaderTypes.All.ToDictionary(purpose => purpose, _ => new Slot());
    private const int MaxIdleVersionReads = 16;
    private readonly ConcurrentBag<SqliteCommand> _idleVersionReads = [];
    private volatile bool _disposed;

    /// <summary>
    /// The purpose's committed allow-list version: Central's own commits as they are made, and the store's value, read again
    /// (one prepared read on a kept connection) once the last read is <see cref="VersionRecheck"/> old.
    /// </summary>
    public long CommittedVersion(ReaderType purpose)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var slot = _slots[purpose];
        var now = time.GetTimestamp();
        if (Volatile.Read(ref slot.Known) is { ReadAt: { } readAt } known && time.GetElapsedTime(readAt, now) < VersionRecheck)
        {
            return known.Version;
        }
        var read = ReadCommittedVersion(purpose);
        return Raise(slot, read, now);
    }

    /// <summary>Central has committed <paramref name="version"/> of the purpose's list: checks answer from it (or a newer one) from now on.</summary>
    public void Committed(ReaderType purpose, long version)
    {
        var slot = _slots[purpose];
        // Keeps the time of the last store read: a stream of Central's own commits must not hide another process's for longer.
        Raise(slot, version, Volatile.Read(ref slot.Known)?.ReadAt);
    }

    private static long Raise(Slot slot, long version, long? readAt)
    {
        while (true)
        {
            var known = Volatile.Read(ref slot.Known);
            var raised = new KnownVersion(Math.Max(version, known?.Version ?? 0), readAt ?? known?.ReadAt);
            if (Interlocked.CompareExchange(ref slot.Known, raised, known) == known)
            {
                return raised.Version;
            }
        }
    }

    private long ReadCommittedVersion(ReaderType purpose)
    {
        // A kept connection with its statement prepared: a pooled open and a fresh statement per check cost about twice as much.
        // One per concurrent check, so checks never queue behind each other for it.
        var read = _idleVersionReads.TryTake(out var idle) ? idle : VersionRead();
        try
        {
            read.Parameters[0].Value = purpose.Name();
            // Disposing the reader resets the statement, so no read snapshot is held between checks (checkpoints are not blocked).
            var version = read.ExecuteScalar() is long committed ? committed : 0;
            Return(read);
            return version;
        }
        catch
        {
            Close(read);
            throw;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idleVersionReads.TryTake(out var read))
        {
            Close(read);
        }
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
                .Select(e => new AllowListEntry(e.Pseudonym, e.ValidFrom, e.ValidUntil, e.Status, e.Places, e.Schedule))
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

    private SqliteCommand VersionRead()
    {
        using var db = stores.CreateDbContext();
        var connectionString = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString();
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        var read = connection.CreateCommand();
        read.CommandText = "SELECT Version FROM AllowListVersions WHERE Purpose = $purpose;";
        read.Parameters.Add("$purpose", SqliteType.Text);
        read.Prepare();
        return read;
    }

    private void Return(SqliteCommand read)
    {
        if (_disposed || _idleVersionReads.Count >= MaxIdleVersionReads)
        {
            Close(read);
            return;
        }
        _idleVersionReads.Add(read);
        if (_disposed && _idleVersionReads.TryTake(out var late))
        {
            Close(late);
        }
    }

    private static void Close(SqliteCommand read)
    {
        var connection = read.Connection;
        read.Dispose();
        connection?.Dispose();
    }

    /// <summary>One purpose's entitlements as of one version; never changed once built.</summary>
    public sealed record Entries(long Version, IReadOnlyDictionary<string, AllowListEntry> ByPseudonym)
    {
        public AllowListEntry? Find(string pseudonym) => ByPseudonym.GetValueOrDefault(pseudonym);
    }

    /// <summary>The highest version known to be committed, and when the store was last read for it.</summary>
    private sealed record KnownVersion(long Version, long? ReadAt);

    private sealed class Slot
    {
        public Entries? Current;

        public KnownVersion? Known;

        public Task<Entries>? Loading;
    }
}
