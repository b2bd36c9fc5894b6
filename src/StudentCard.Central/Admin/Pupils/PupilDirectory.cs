using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.PupilPassages;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Pupils;

/// <summary>
/// A school admin's pupils: found by name or student number within the admin's school only, and one pupil's rights,
/// cards and recent gate refusals. Every search and every view is audited before anything is shown, found or not, with
/// the account and the stated purpose; the audit entry names vault ids, never the query or a name. The refusals are
/// read from the purpose store through the pupil's pseudonyms (<see cref="PupilPassageLookup"/>), so no name reaches it.
/// A pupil of another school is "not found", exactly like an unknown one.
/// </summary>
public sealed class PupilDirectory(
    IDbContextFactory<VaultDbContext> vaults,
    PupilPassageLookup passages,
    AccessPolicySource access,
    AuditLog audit,
    TimeProvider time)
{
    public const string SearchAction = "identity.pupil-search";
    public const string ViewAction = "identity.pupil-view";

    /// <summary>A search lists at most this many pupils; a longer list asks for a narrower search.</summary>
    public const int SearchLimit = 50;

    /// <summary>The view shows this many of the newest refusals.</summary>
    public const int RecentRefusals = 20;

    public async Task<PupilSearchResult> SearchAsync(PupilSearchRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }
        var query = request.Query.Trim();
        var words = query.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var found = new List<Student>();
        if (request.School is { } school)
        {
            var pupils = vault.Students.AsNoTracking().Where(s => s.School == school);
            var byName = pupils;
            foreach (var word in words)
            {
                byName = byName.Where(s => s.GivenName.ToLower().Contains(word) || s.FamilyName.ToLower().Contains(word));
            }
            var byNumber = await pupils.Where(s => s.StudentNumber == query).ToListAsync(cancellationToken);
            var named = await byName
                .OrderBy(s => s.FamilyName).ThenBy(s => s.GivenName).ThenBy(s => s.StudentNumber)
                .Take(SearchLimit + 1)
                .ToListAsync(cancellationToken);
            found = byNumber.Concat(named.Where(n => byNumber.All(b => b.Id != n.Id))).Take(SearchLimit + 1).ToList();
        }
        var subject = found.Count == 0 ? PupilPassageLookup.NotFoundSubject : $"vault students {string.Join(", ", found.Take(SearchLimit).Select(s => s.Id))}";
        await audit.RecordAsync(request.Actor, SearchAction, subject, $"{request.Reason.Trim()} (pupil search, school scope)", cancellationToken);
        var matches = found.Take(SearchLimit).Select(s => new PupilMatch(s.StudentNumber, s.GivenName, s.FamilyName, s.ClassName, s.DeactivatedAt is not null)).ToList();
        return new PupilSearchResult(matches, found.Count > SearchLimit);
    }

    /// <summary>The pupil with this number at the admin's school, or null when there is none.</summary>
    public async Task<PupilView?> ViewAsync(PupilViewRequest request, PassageScope scope, CancellationToken cancellationToken = default)
    {
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }
        var number = request.StudentNumber.Trim();
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var student = request.School is not { } school ? null : await vault.Students.AsNoTracking()
            .SingleOrDefaultAsync(s => s.StudentNumber == number && s.School == school, cancellationToken);
        await audit.RecordAsync(request.Actor, ViewAction, student is null ? PupilPassageLookup.NotFoundSubject : $"vault student {student.Id}",
            $"{request.Reason.Trim()} (pupil view: rights, cards, {scope.Purpose.Name()} refusals, school scope)", cancellationToken);
        if (student is null)
        {
            return null;
        }
        var zone = access.ZoneOf(student.School);
        DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone);
        var held = await vault.StudentPurposes.AsNoTracking().Where(p => p.StudentId == student.Id).ToListAsync(cancellationToken);
        var ruleIds = held.SelectMany(p => RuleIds(p.Rules)).Distinct().ToList();
        var ruleNames = await vault.AccessRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var rights = held
            .OrderBy(p => p.Purpose)
            .Select(p => new PupilRight(p.Purpose.Name(), p.Places, p.Schedule, Local(p.ValidFrom), Local(p.ValidUntil),
                RuleIds(p.Rules).Where(ruleNames.ContainsKey).Select(id => ruleNames[id]).ToList()))
            .ToList();
        var cards = (await vault.Cards.AsNoTracking().Where(c => c.StudentId == student.Id).ToListAsync(cancellationToken))
            .OrderBy(c => c.IssuedAt)
            .Select(c => new PupilCard(c.Id, c.Status.ToString(), Local(c.IssuedAt), c.RevokedAt is { } revoked ? Local(revoked) : null))
            .ToList();
        var refusals = (await passages.PassagesOfAsync(vault, student.Id, scope, refusalsOnly: true, RecentRefusals, cancellationToken))
            .Select(p => p with { OccurredAt = Local(p.OccurredAt) })
            .ToList();
        return new PupilView(student.Id, student.StudentNumber, student.GivenName, student.FamilyName, student.ClassName, student.DeactivatedAt is not null,
            zone.Id, rights, cards, refusals);
    }

    private static IEnumerable<long> RuleIds(string rules) =>
        rules.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Now, for telling rights still held from rights that ended.</summary>
    public DateTimeOffset Now => time.GetUtcNow();
}
