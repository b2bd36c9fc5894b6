using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;
using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>Reads a purpose's allow-list: the current version, a consistent snapshot, one online check.</summary>
public sealed class AllowListQueries(IDbContextFactory<CentralDbContext> stores, EntitlementIndex index, AccessPolicySource policy, TimeProvider time)
{
    public async Task<long> VersionAsync(ReaderType purpose, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await VersionAsync(db, purpose, cancellationToken);
    }

    /// <summary>The version and every entry of one purpose, read in one snapshot so they agree.</summary>
    public async Task<AllowListSnapshot> SnapshotAsync(ReaderType purpose, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // A deferred transaction is a WAL read snapshot that does not block the passage writer.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = connection.BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        var version = await VersionAsync(db, purpose, cancellationToken);
        var entries = await db.Entitlements.AsNoTracking()
            .Where(e => e.Purpose == purpose)
            .OrderBy(e => e.Pseudonym)
            .Select(e => new AllowListEntry(e.Pseudonym, e.ValidFrom, e.ValidUntil, e.Status, e.Places, e.Schedule))
            .ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AllowListSnapshot(purpose, version, entries);
    }

    /// <summary>
    /// The changes from <paramref name="held"/> to the current version, read in one snapshot so they agree with it; null
    /// when the journal does not reach back to <paramref name="held"/> (or it is not a version Central has had), or when
    /// the changes would be longer than the whole list: then the whole list is the answer.
    /// </summary>
    public async Task<AllowListChanges?> ChangesAsync(ReaderType purpose, long held, CancellationToken cancellationToken = default)
    {
        if (held <= 0)
        {
            return null;
        }
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = connection.BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        var version = await VersionAsync(db, purpose, cancellationToken);
        if (held > version || held < await AllowListJournal.StartAsync(db, purpose, cancellationToken))
        {
            return null;
        }
        var changed = await AllowListJournal.ChangedSinceAsync(db, purpose, held, cancellationToken);
        var listSize = await db.Entitlements.CountAsync(e => e.Purpose == purpose, cancellationToken);
        if (changed.Count > listSize)
        {
            return null;
        }
        var upserts = changed.Count == 0
            ? []
            : await db.Entitlements.AsNoTracking()
                .Where(e => e.Purpose == purpose && changed.Contains(e.Pseudonym))
                .OrderBy(e => e.Pseudonym)
                .Select(e => new AllowListEntry(e.Pseudonym, e.ValidFrom, e.ValidUntil, e.Status, e.Places, e.Schedule))
                .ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var listed = upserts.Select(e => e.Pseudonym).ToHashSet(StringComparer.Ordinal);
        var removed = changed.Where(p => !listed.Contains(p)).Order(StringComparer.Ordinal).ToList();
        return new AllowListChanges(purpose, held, version, upserts, removed, listSize);
    }

    /// <summary>
    /// Decides on one pseudonym of a purpose now, at the reader's place, with the same rules the agents apply, and
    /// returns the entry it decided on. Anti-passback and a site's safety mode need the reader's own recent passages and
    /// commands, so the agent applies those to the returned entry itself.
    /// </summary>
    public async Task<(AccessDecision Decision, AllowListEntry? Entry, long Version)> CheckAsync(ReaderType purpose, string pseudonym, ReaderPlace place, CancellationToken cancellationToken = default)
    {
        // From memory, as of the committed version or a newer one: only the version is read from the store per check.
        var committed = index.CommittedVersion(purpose);
        var entries = await index.AtLeastAsync(purpose, committed, cancellationToken);
        var entry = entries.Find(pseudonym);
        var decision = AccessRules.Decide(pseudonym, entry, new TapContext(place, time.GetUtcNow(), policy.Policy));
        return (decision, entry, entries.Version);
    }

    public async Task<IReadOnlyDictionary<ReaderType, long>> AllVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.AllowListVersions.AsNoTracking().ToDictionaryAsync(v => v.Purpose, v => v.Version, cancellationToken);
    }

    private static async Task<long> VersionAsync(CentralDbContext db, ReaderType purpose, CancellationToken cancellationToken) =>
        await db.AllowListVersions.AsNoTracking()
            .Where(v => v.Purpose == purpose)
            .Select(v => (long?)v.Version)
            .SingleOrDefaultAsync(cancellationToken) ?? 0;
}
