using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Audit;
using StudentCard.Central.Keys;
using StudentCard.Central.Retention;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.PupilPassages;

/// <summary>
/// A named pupil's passages for a school admin ("did this pupil arrive?"): the pupil is found in the vault by student
/// number within the admin's school only, their cards' pseudonyms are derived for the admin's purpose under every key
/// version Central holds (<see cref="StudentPseudonyms"/>), and their passages at the school's sites within retention
/// are listed newest first. Every look-up with a reason is audited before anything is shown, found or not; a pupil of
/// another school is "not found" exactly like an unknown number, in the answer and in the audit entry.
/// </summary>
public sealed class PupilPassageLookup(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    CentralKeys keys,
    IOptions<RetentionOptions> retention,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>The audit log's action name for this look-up.</summary>
    public const string AuditAction = "passages.pupil-read";

    /// <summary>At most this many passages are listed (the newest); gate retention is days, so this is rarely reached.</summary>
    public const int Limit = 500;

    /// <summary>The audit subject of a look-up that found nobody: neither the number typed nor any hint of another school's pupil.</summary>
    public const string NotFoundSubject = "vault student (none found)";

    /// <summary>The pupil and their passages, or null when no pupil has this number at the admin's school.</summary>
    public async Task<PupilPassageList?> FindAsync(PupilPassagesRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }
        var scope = request.Scope;
        var number = request.StudentNumber.Trim();
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        // No school (not a school-scoped account) finds nobody: this look-up exists only within one school.
        var student = scope.School is not { } school ? null : await vault.Students.AsNoTracking()
            .Where(s => s.StudentNumber == number && s.School == school)
            .Select(s => new { s.Id, s.StudentNumber, s.ClassName })
            .SingleOrDefaultAsync(cancellationToken);
        await audit.RecordAsync(request.Actor, AuditAction, student is null ? NotFoundSubject : $"vault student {student.Id}",
            $"{request.Reason.Trim()} ({scope.Purpose.Name()} passages, school scope)", cancellationToken);
        if (student is null)
        {
            return null;
        }
        var items = await PassagesOfAsync(vault, student.Id, scope, refusalsOnly: false, Limit + 1, cancellationToken);
        return new PupilPassageList(student.Id, student.StudentNumber, student.ClassName, items.Take(Limit).ToList(), items.Count > Limit);
    }

    /// <summary>
    /// The newest <paramref name="take"/> passages (or refusals only) of a pupil already found and audited by the caller, read
    /// through the pupil's pseudonyms for the scope's purpose at its sites within retention; the pseudonyms are not returned.
    /// </summary>
    public async Task<List<PupilPassage>> PassagesOfAsync(VaultDbContext vault, long studentId, PassageScope scope, bool refusalsOnly, int take, CancellationToken cancellationToken)
    {
        // Revoked and lost cards too: their passages may predate the revocation.
        var tokens = await vault.Cards.AsNoTracking().Where(c => c.StudentId == studentId).Select(c => c.CardToken).ToListAsync(cancellationToken);
        var pseudonyms = StudentPseudonyms.Of(tokens, keys.Ring, scope.Purpose).Select(p => p.Value).Distinct().ToList();
        if (pseudonyms.Count == 0 || scope.SeesNothing)
        {
            return [];
        }
        var purpose = scope.Purpose;
        // The sweeper deletes at its own pace; what is past retention is not shown even before it goes.
        var cutoff = time.GetUtcNow() - retention.Value.For(purpose);
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var passages = db.Passages.AsNoTracking()
            .Where(p => p.Purpose == purpose && pseudonyms.Contains(p.Pseudonym) && p.OccurredAt > cutoff);
        if (refusalsOnly)
        {
            passages = passages.Where(p => p.Decision == "deny");
        }
        return await passages
            .AtSites(scope)
            .OrderByDescending(p => p.OccurredAt).ThenBy(p => p.Id)
            .Take(take)
            .Select(p => new PupilPassage(p.OccurredAt, p.ReaderId, p.Place, p.Direction, p.Decision, p.Reason, p.KeyVersion))
            .ToListAsync(cancellationToken);
    }
}
