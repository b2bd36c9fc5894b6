using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;

namespace StudentCard.Central.AllowList;

/// <summary>
/// The journal of entitlement changes that lets Central send an agent only what changed since the version it holds.
/// Triggers on the Entitlements table (migration AllowListJournal) write one row per change, whoever makes it, with the
/// purpose's version read at that moment as its stamp. A change that is part of version v is stamped v - 1 or v, so the
/// changes after a held version h are exactly among the rows stamped h or later (a few of h's own may come along, which
/// an agent applies harmlessly). Each purpose's journal start is the lowest held version it is complete for.
/// </summary>
public static class AllowListJournal
{
    /// <summary>The lowest held version the purpose's journal can bring up to date; 0 when it reaches back to the start.</summary>
    public static async Task<long> StartAsync(CentralDbContext db, ReaderType purpose, CancellationToken cancellationToken) =>
        await db.Database
            .SqlQuery<long>($"""SELECT "FromVersion" AS "Value" FROM "AllowListJournalStarts" WHERE "Purpose" = {purpose.Name()}""")
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>Every pseudonym of the purpose changed after <paramref name="held"/> (and possibly a few changed in it).</summary>
    public static async Task<List<string>> ChangedSinceAsync(CentralDbContext db, ReaderType purpose, long held, CancellationToken cancellationToken) =>
        await db.Database
            .SqlQuery<string>($"""SELECT DISTINCT "Pseudonym" AS "Value" FROM "AllowListJournal" WHERE "Purpose" = {purpose.Name()} AND "Stamp" >= {held}""")
            .ToListAsync(cancellationToken);

    /// <summary>Agents holding a version below <paramref name="version"/> get the whole list from now on.</summary>
    public static async Task RaiseStartAsync(CentralDbContext db, ReaderType purpose, long version, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AllowListJournalStarts" ("Purpose", "FromVersion") VALUES ({purpose.Name()}, {version})
            ON CONFLICT ("Purpose") DO UPDATE SET "FromVersion" = max("FromVersion", excluded."FromVersion")
            """, cancellationToken);

    /// <summary>
    /// Removes these pseudonyms from the journal (an erasure keeps none of them) and raises the start of every purpose that
    /// held one to its current version, so an agent that still lists them gets the whole list instead of a delta that no
    /// longer names them. Call it inside the erasure's transaction, after its version bump is saved.
    /// </summary>
    public static async Task<int> ForgetAsync(CentralDbContext db, IReadOnlyCollection<string> pseudonyms, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(pseudonyms);
        var purposes = await db.Database
            .SqlQuery<string>($"""SELECT DISTINCT "Purpose" AS "Value" FROM "AllowListJournal" WHERE "Pseudonym" IN (SELECT value FROM json_each({json}))""")
            .ToListAsync(cancellationToken);
        var deleted = await db.Database.ExecuteSqlAsync(
            $"""DELETE FROM "AllowListJournal" WHERE "Pseudonym" IN (SELECT value FROM json_each({json}))""", cancellationToken);
        foreach (var purpose in purposes.Select(ReaderTypes.Parse))
        {
            var current = await db.AllowListVersions.Where(v => v.Purpose == purpose).Select(v => (long?)v.Version).SingleOrDefaultAsync(cancellationToken) ?? 0;
            await RaiseStartAsync(db, purpose, current, cancellationToken);
        }
        return deleted;
    }

    /// <summary>
    /// Notes each purpose's current version with the time, then forgets the changes older than the tighter of the two
    /// bounds and raises the journal start to match. Returns how many journal rows were deleted.
    /// </summary>
    public static async Task<int> PruneAsync(CentralDbContext db, AllowListJournalOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var versions = await db.AllowListVersions.AsNoTracking().ToListAsync(cancellationToken);
        var cutoff = (now - TimeSpan.FromDays(options.KeepDays)).UtcTicks;
        var deleted = 0;
        foreach (var row in versions)
        {
            var purpose = row.Purpose.Name();
            await db.Database.ExecuteSqlAsync(
                $"""INSERT OR IGNORE INTO "AllowListJournalMarks" ("Purpose", "Version", "SeenAt") VALUES ({purpose}, {row.Version}, {now.UtcTicks})""",
                cancellationToken);
            // The newest version already current KeepDays ago: every change stamped below it was made before that moment.
            var byDays = await db.Database
                .SqlQuery<long?>($"""SELECT max("Version") AS "Value" FROM "AllowListJournalMarks" WHERE "Purpose" = {purpose} AND "SeenAt" <= {cutoff}""")
                .SingleAsync(cancellationToken) ?? 0;
            var byVersions = row.Version - options.KeepVersions;
            var from = Math.Max(byDays, byVersions);
            if (from <= 0)
            {
                continue;
            }
            deleted += await db.Database.ExecuteSqlAsync(
                $"""DELETE FROM "AllowListJournal" WHERE "Purpose" = {purpose} AND "Stamp" < {from}""", cancellationToken);
            await db.Database.ExecuteSqlAsync(
                $"""DELETE FROM "AllowListJournalMarks" WHERE "Purpose" = {purpose} AND "Version" < {byDays}""", cancellationToken);
            await RaiseStartAsync(db, row.Purpose, from, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
