using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;

namespace StudentCard.Central.AllowList;

/// <summary>
/// Bumps purposes' allow-list versions inside the caller's transaction, so the change and its version commit together
/// (and the journal of changes, written by triggers, with them).
/// </summary>
public static class AllowListVersions
{
    public static async Task<IReadOnlyDictionary<ReaderType, long>> BumpAsync(
        CentralDbContext db, IEnumerable<ReaderType> purposes, CancellationToken cancellationToken)
    {
        var bumped = new Dictionary<ReaderType, long>();
        if (db.Database.CurrentTransaction is not null && db.ChangeTracker.HasChanges())
        {
            // The entitlement changes go to the store before the version row, so the journal stamps them with the version
            // before this one and a delta from that version carries exactly them (AllowListJournal). Still one transaction.
            await db.SaveChangesAsync(cancellationToken);
        }
        foreach (var purpose in purposes.Distinct())
        {
            var row = await db.AllowListVersions.SingleOrDefaultAsync(v => v.Purpose == purpose, cancellationToken);
            if (row is null)
            {
                row = new AllowListVersion { Purpose = purpose, Version = 0 };
                db.AllowListVersions.Add(row);
            }
            row.Version++;
            bumped[purpose] = row.Version;
        }
        return bumped;
    }
}
