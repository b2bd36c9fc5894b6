using Microsoft.EntityFrameworkCore;

namespace StudentCard.Central.Audit;

/// <summary>
/// Walks the audit chain in sequence order from the last checkpoint and names the first bad entry:
/// an edited one (its content no longer matches its hash), a deleted one (a gap in the sequence),
/// an inserted one (the next genuine entry links to an earlier one) or a moved one (an entry links to
/// one that now stands after it). Entries appended at the end by someone who recomputes the hashes
/// cannot be told from genuine ones; the head this prints is what an outside copy should be compared with.
/// </summary>
public static class AuditVerifier
{
    private const int PageSize = 1000;

    public static async Task<AuditVerification> VerifyAsync(AuditDbContext db, CancellationToken cancellationToken = default)
    {
        var checkpoint = await db.Checkpoints.AsNoTracking().OrderByDescending(c => c.UpToSequence).FirstOrDefaultAsync(cancellationToken);
        var start = new Link(checkpoint?.UpToSequence ?? 0, checkpoint?.Hash ?? AuditChain.Genesis);
        var previous = start;
        long checkedEntries = 0;
        var after = long.MinValue;
        while (true)
        {
            var page = await db.Entries.AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var entry in page)
            {
                if (await FindProblemAsync(db, entry, previous, start, cancellationToken) is { } problem)
                {
                    return new AuditVerification(false, checkedEntries, checkpoint?.UpToSequence, previous.Sequence, previous.Hash, problem.Sequence, problem.Text);
                }
                checkedEntries++;
                previous = new Link(entry.Sequence, entry.Hash);
            }
            if (page.Count < PageSize)
            {
                return new AuditVerification(true, checkedEntries, checkpoint?.UpToSequence, previous.Sequence, previous.Hash, null, null);
            }
            after = page[^1].Sequence;
        }
    }

    private static async Task<Problem?> FindProblemAsync(AuditDbContext db, AuditEntry entry, Link previous, Link start, CancellationToken cancellationToken)
    {
        var expected = previous.Sequence + 1;
        if (entry.Sequence < expected)
        {
            return new Problem(entry.Sequence, $"entry #{entry.Sequence} stands before the checkpoint after #{start.Sequence}; it was inserted.");
        }
        if (entry.Sequence > expected)
        {
            var missing = entry.Sequence - 1 == expected ? $"#{expected} is" : $"#{expected} to #{entry.Sequence - 1} are";
            return new Problem(expected, $"entry {missing} missing: the chain goes from #{previous.Sequence} to #{entry.Sequence}; deleted.");
        }
        var matchesItsHash = AuditChain.Hash(entry.PreviousHash, entry) == entry.Hash;
        var followsPrevious = entry.PreviousHash == previous.Hash;
        if (!matchesItsHash)
        {
            return new Problem(expected, followsPrevious
                ? $"entry #{expected} was edited: its content no longer matches its hash."
                : $"entry #{expected} was altered or forged: its content does not match its hash and it does not follow #{previous.Sequence}.");
        }
        if (followsPrevious)
        {
            return null;
        }

        // The entry is sound in itself but was written after some other entry: find which.
        long? predecessor = entry.PreviousHash == start.Hash ? start.Sequence
            : entry.PreviousHash == AuditChain.Genesis ? 0
            : await db.Entries.AsNoTracking().Where(e => e.Hash == entry.PreviousHash).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (predecessor >= expected)
        {
            return new Problem(expected, $"entry #{expected} is out of order: it was written right after #{predecessor}, not after #{previous.Sequence}; entries were reordered.");
        }
        if (predecessor < previous.Sequence)
        {
            return new Problem(predecessor.Value + 1, $"entry #{predecessor + 1} was inserted: the genuine entry now at #{expected} was written right after #{predecessor}.");
        }
        return previous.Sequence > start.Sequence
            ? new Problem(previous.Sequence, $"entry #{previous.Sequence} was rewritten with a recomputed hash, or entries after it were removed and renumbered: #{expected} does not follow it.")
            : new Problem(expected, $"entry #{expected} does not follow {(start.Sequence == 0 ? "the start of the log" : $"the checkpoint after #{start.Sequence}")}.");
    }

    private readonly record struct Link(long Sequence, string Hash);

    private sealed record Problem(long Sequence, string Text);
}
