using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace StudentCard.Central.Audit;

/// <summary>
/// The append-only, hash-chained record of every look at personal data and every change to its
/// rules, keys and readers. Callers state who acts, what they do, to whose data, and why.
/// </summary>
public sealed class AuditLog(IDbContextFactory<AuditDbContext> stores, TimeProvider time, ILogger<AuditLog> logger)
{
    public const int MaxActorLength = 128;
    public const int MaxActionLength = 64;
    public const int MaxSubjectLength = 256;
    public const int MaxReasonLength = 1000;

    // One writer at a time in this process; the chain's head is read and extended in one transaction.
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Appends an entry. <paramref name="subject"/> names data by pseudonym, reader id or request id, never by a person's name.</summary>
    public async Task<AuditEntry> RecordAsync(string actor, string action, string subject, string reason, CancellationToken cancellationToken = default)
    {
        Require(actor, nameof(actor), MaxActorLength);
        Require(action, nameof(action), MaxActionLength);
        Require(subject, nameof(subject), MaxSubjectLength);
        Require(reason, nameof(reason), MaxReasonLength);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await stores.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var (sequence, previousHash) = await HeadAsync(db, cancellationToken);
            var at = time.GetUtcNow();
            var entry = new AuditEntry
            {
                Sequence = sequence + 1,
                At = at,
                Actor = actor,
                Action = action,
                Subject = subject,
                Reason = reason,
                PreviousHash = previousHash,
                Hash = AuditChain.Hash(previousHash, at, actor, action, subject, reason),
            };
            db.Entries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return entry;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await AuditVerifier.VerifyAsync(db, cancellationToken);
    }

    /// <summary>
    /// Removes the entries older than <paramref name="cutoff"/> (always a prefix of the chain) and leaves a
    /// checkpoint with the last removed entry's position and hash. A broken chain is not expired: the
    /// evidence of tampering is kept and reported instead.
    /// </summary>
    public async Task<int> ExpireAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await stores.CreateDbContextAsync(cancellationToken);
            var firstKept = await db.Entries.Where(e => e.At >= cutoff).OrderBy(e => e.Sequence).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(cancellationToken);
            var expired = firstKept is { } kept ? db.Entries.Where(e => e.Sequence < kept) : db.Entries;
            if (!await expired.AnyAsync(cancellationToken))
            {
                return 0;
            }
            var verification = await AuditVerifier.VerifyAsync(db, cancellationToken);
            if (!verification.Intact)
            {
                logger.LogError("Expired audit entries were kept because the audit chain is broken at entry {Sequence}: {Problem}",
                    verification.FirstBadSequence, verification.Problem);
                return 0;
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var last = await expired.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstAsync(cancellationToken);
            var removing = await db.Entries.CountAsync(e => e.Sequence <= last.Sequence, cancellationToken);
            // The checkpoint first: the store's trigger lets only entries behind a checkpoint be deleted.
            db.Checkpoints.Add(new AuditCheckpoint { UpToSequence = last.Sequence, Hash = last.Hash, Removed = removing, At = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
            var removed = await db.Entries.Where(e => e.Sequence <= last.Sequence).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Expired {Count} audit entries up to #{Sequence}; the chain now starts from a checkpoint with hash {Hash}", removed, last.Sequence, last.Hash);
            return removed;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static async Task<(long Sequence, string Hash)> HeadAsync(AuditDbContext db, CancellationToken cancellationToken)
    {
        var last = await db.Entries.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (last is not null)
        {
            return (last.Sequence, last.Hash);
        }
        var checkpoint = await db.Checkpoints.OrderByDescending(c => c.UpToSequence).FirstOrDefaultAsync(cancellationToken);
        return checkpoint is null ? (0, AuditChain.Genesis) : (checkpoint.UpToSequence, checkpoint.Hash);
    }

    private static void Require(string value, string name, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"An audit entry needs a non-empty {name}.", name);
        }
        if (value.Length > maxLength)
        {
            throw new ArgumentException($"An audit entry's {name} may be at most {maxLength} characters.", name);
        }
    }
}
