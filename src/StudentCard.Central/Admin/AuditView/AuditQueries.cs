using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;

namespace StudentCard.Central.Admin.AuditView;

/// <summary>The audit log as the DPO reads it: a page of entries, newest first, with the chain's verification.</summary>
public sealed class AuditQueries(IDbContextFactory<AuditDbContext> stores, AuditLog audit)
{
    public const int PageSize = 50;

    public async Task<AuditPage> ReadAsync(int page, string? action, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var query = db.Entries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(e => e.Action == action);
        }
        var entries = await query.OrderByDescending(e => e.Sequence)
            .Skip((page - 1) * PageSize)
            .Take(PageSize + 1)
            .ToListAsync(cancellationToken);
        var verification = await audit.VerifyAsync(cancellationToken);
        return new AuditPage(entries.Take(PageSize).ToList(), page, entries.Count > PageSize, verification);
    }
}

/// <summary>One page of audit entries and what verifying the whole chain found.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Page, bool HasNext, AuditVerification Verification);
