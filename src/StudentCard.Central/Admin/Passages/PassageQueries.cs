using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Admin.Passages;

/// <summary>
/// Reads one purpose's passages for a staff member, newest first, limited to their school's sites when their role acts for
/// one school, and puts the read on the audit chain (who, which purpose, which filter and sites). The page and the JSON API
/// both come here, so both are scoped and audited alike.
/// </summary>
public sealed class PassageQueries(IDbContextFactory<CentralDbContext> stores, AuditLog audit)
{
    public async Task<PassagePage> ReadAsync(string actor, PassageScope scope, PassageFilter filter, CancellationToken cancellationToken = default)
    {
        if (filter.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(filter));
        }
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var purpose = scope.Purpose;
        var query = db.Passages.AsNoTracking().Where(p => p.Purpose == purpose).AtSites(scope);
        if (!string.IsNullOrEmpty(filter.Reader))
        {
            query = query.Where(p => p.ReaderId == filter.Reader);
        }
        if (filter.From is { } from)
        {
            query = query.Where(p => p.OccurredAt >= from);
        }
        if (filter.To is { } to)
        {
            query = query.Where(p => p.OccurredAt <= to);
        }
        if (!string.IsNullOrEmpty(filter.Decision))
        {
            query = query.Where(p => p.Decision == filter.Decision);
        }
        var rows = await query
            .OrderByDescending(p => p.OccurredAt).ThenBy(p => p.Id)
            .Skip((filter.Page - 1) * PassageFilter.PageSize)
            .Take(PassageFilter.PageSize + 1)
            .Select(p => new PassageRow(p.Id, p.ReaderId, p.Pseudonym, p.OccurredAt, p.Decision, p.Reason, p.Direction, p.Place))
            .ToListAsync(cancellationToken);
        await audit.RecordAsync(actor, AuditActions.PassagesRead, $"{purpose.Name()} passages", filter.Describe() + scope.Describe(), cancellationToken);
        return new PassagePage(rows.Take(PassageFilter.PageSize).ToList(), filter.Page, PassageFilter.PageSize, rows.Count > PassageFilter.PageSize);
    }

    /// <summary>
    /// The readers for the filter's choice list: all of the purpose's, or for a school-scoped person those that recorded
    /// passages at their school's sites (the registry does not know a reader's place; its passages do).
    /// </summary>
    public async Task<IReadOnlyList<string>> ReaderIdsAsync(PassageScope scope, CancellationToken cancellationToken = default)
    {
        var purpose = scope.Purpose;
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        if (scope.Sites is null)
        {
            return await db.Readers.AsNoTracking().Where(r => r.Type == purpose).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        }
        return await db.Passages.AsNoTracking().Where(p => p.Purpose == purpose).AtSites(scope)
            .Select(p => p.ReaderId).Distinct().OrderBy(id => id).ToListAsync(cancellationToken);
    }
}
