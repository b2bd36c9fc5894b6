using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.AllowList;
using StudentCard.Central.Keys;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Rights;

/// <summary>
/// Derives pupils' rights from the access rules that cover them: one <see cref="StudentPurpose"/> per (pupil, purpose),
/// then the purpose store's entitlements of their issued cards under every key version held, bumping and announcing
/// the versions that changed. A deactivated or restricted pupil keeps their rights in the vault but no entitlement; a
/// purpose objected to (Art. 21, a completed objection) gives neither.
/// </summary>
public sealed class RightsDerivation(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    CentralKeys keys,
    AllowListNotices notices,
    TimeProvider time,
    ILogger<RightsDerivation> logger)
{
    // One derivation at a time in this process: two would add the same pupil's right twice.
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<RightsChange> DeriveSchoolAsync(string school, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var ids = await vault.Students.Where(s => s.School == school).Select(s => s.Id).ToListAsync(cancellationToken);
        return await DeriveAsync(ids, cancellationToken);
    }

    public async Task<RightsChange> DeriveEveryoneAsync(CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var ids = await vault.Students.Select(s => s.Id).ToListAsync(cancellationToken);
        return await DeriveAsync(ids, cancellationToken);
    }

    public async Task<RightsChange> DeriveAsync(IReadOnlyCollection<long> studentIds, CancellationToken cancellationToken = default)
    {
        if (studentIds.Count == 0)
        {
            return RightsChange.None;
        }
        await _one.WaitAsync(cancellationToken);
        try
        {
            return await DeriveOnceAsync(studentIds, cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<RightsChange> DeriveOnceAsync(IReadOnlyCollection<long> studentIds, CancellationToken cancellationToken)
    {
        // A key rotation must not run between deriving these pseudonyms and storing them.
        using var held = await keys.HoldChangesAsync(cancellationToken);
        var now = time.GetUtcNow();
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var students = await vault.Students.AsNoTracking().Where(s => studentIds.Contains(s.Id)).ToListAsync(cancellationToken);
        var ids = students.Select(s => s.Id).ToList();
        var schools = students.Select(s => s.School).Distinct().ToList();
        var rules = await vault.AccessRules.AsNoTracking().Where(r => schools.Contains(r.School)).ToListAsync(cancellationToken);
        var named = (await vault.RuleExceptions.AsNoTracking().Where(e => ids.Contains(e.StudentId)).ToListAsync(cancellationToken))
            .ToDictionary(e => (e.RuleId, e.StudentId), e => e.Kind);
        var objected = (await vault.SubjectRequests.AsNoTracking()
            .Where(r => r.StudentId != null && ids.Contains(r.StudentId.Value) && r.Kind == RequestKind.Objection && r.Status == RequestStatus.Completed && r.Purpose != null)
            .Select(r => new { r.StudentId, r.Purpose }).ToListAsync(cancellationToken))
            .Select(o => (o.StudentId!.Value, o.Purpose!.Value)).ToHashSet();

        var classes = await RuleCoverage.ClassesAsync(vault, students, cancellationToken);
        var wanted = Rights(students, rules, named, classes, objected, now);
        // Rule changes are refused before they make a right too long for its entry (RuleService); a roster that puts a pupil
        // in more classes can still do so, and then the pupil keeps the right they held (none, if they held none).
        var tooLong = wanted.Where(w => !w.Value.Fits()).Select(w => w.Key).ToHashSet();
        foreach (var (studentId, purpose) in tooLong)
        {
            wanted.Remove((studentId, purpose));
            logger.LogWarning("The {Purpose} rules covering vault student {StudentId} merge into a right longer than its entry holds; the right held before stays",
                purpose.Name(), studentId);
        }
        var rights = await WriteRightsAsync(vault, ids, wanted, tooLong, cancellationToken);

        var eligible = students.Where(s => s.DeactivatedAt is null && s.RestrictedAt is null).Select(s => s.Id).ToHashSet();
        var cards = await vault.Cards.AsNoTracking().Where(c => ids.Contains(c.StudentId) && c.Status == CardStatus.Issued).ToListAsync(cancellationToken);
        var entitlements = await WriteEntitlementsAsync(cards, wanted.Values.Where(r => eligible.Contains(r.StudentId)).ToList(), cancellationToken);
        logger.LogInformation("Derived the rights of {Students} pupils: {Rights} rights and {Entitlements} entitlements changed", ids.Count, rights, entitlements);
        return new RightsChange(rights, entitlements);
    }

    /// <summary>
    /// The rights <paramref name="rules"/> give <paramref name="students"/>, by (pupil, purpose): each purpose's covering rules
    /// merged into one (<see cref="RightMerge"/>), none for a purpose the pupil objected to. Writes nothing.
    /// </summary>
    public static Dictionary<(long, ReaderType), StudentPurpose> Rights(
        IReadOnlyCollection<Student> students,
        IReadOnlyCollection<AccessRule> rules,
        IReadOnlyDictionary<(long RuleId, long StudentId), RuleExceptionKind> named,
        IReadOnlyDictionary<long, IReadOnlySet<string>> classes,
        IReadOnlySet<(long StudentId, ReaderType Purpose)> objected,
        DateTimeOffset now)
    {
        var wanted = new Dictionary<(long, ReaderType), StudentPurpose>();
        foreach (var student in students)
        {
            foreach (var purpose in rules.Where(r => RuleCoverage.Covers(r, student, classes[student.Id], Named(named, r.Id, student.Id))).GroupBy(r => r.Purpose))
            {
                if (objected.Contains((student.Id, purpose.Key)))
                {
                    continue;
                }
                var (grant, from) = RightMerge.Merge(purpose.ToList(), now);
                wanted[(student.Id, purpose.Key)] = new StudentPurpose
                {
                    StudentId = student.Id,
                    Purpose = purpose.Key,
                    ValidFrom = grant.ValidFrom,
                    ValidUntil = grant.ValidUntil,
                    Places = grant.Places,
                    Schedule = grant.Schedule,
                    Rules = string.Join(' ', from),
                };
            }
        }
        return wanted;
    }

    private static RuleExceptionKind? Named(IReadOnlyDictionary<(long RuleId, long StudentId), RuleExceptionKind> named, long ruleId, long studentId) =>
        named.TryGetValue((ruleId, studentId), out var kind) ? kind : null;

    /// <summary>Writes the wanted rights over the held ones; a <paramref name="kept"/> right stays as held and joins the wanted ones.</summary>
    private static async Task<int> WriteRightsAsync(VaultDbContext vault, List<long> ids, Dictionary<(long, ReaderType), StudentPurpose> wanted,
        HashSet<(long, ReaderType)> kept, CancellationToken cancellationToken)
    {
        var present = await vault.StudentPurposes.Where(p => ids.Contains(p.StudentId)).ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var row in present)
        {
            if (kept.Contains((row.StudentId, row.Purpose)))
            {
                wanted[(row.StudentId, row.Purpose)] = row;
            }
            else if (!wanted.TryGetValue((row.StudentId, row.Purpose), out var right))
            {
                vault.StudentPurposes.Remove(row);
                changed++;
            }
            else if (row.ValidFrom != right.ValidFrom || row.ValidUntil != right.ValidUntil || row.Places != right.Places || row.Schedule != right.Schedule || row.Rules != right.Rules)
            {
                (row.ValidFrom, row.ValidUntil, row.Places, row.Schedule, row.Rules) = (right.ValidFrom, right.ValidUntil, right.Places, right.Schedule, right.Rules);
                changed++;
            }
        }
        var added = wanted.Values.Where(w => !present.Any(p => p.StudentId == w.StudentId && p.Purpose == w.Purpose)).ToList();
        vault.StudentPurposes.AddRange(added);
        await vault.SaveChangesAsync(cancellationToken);
        return changed + added.Count;
    }

    /// <summary>Brings the entitlements of these issued cards in line with the rights; lost cards keep theirs, listed as lost.</summary>
    private async Task<int> WriteEntitlementsAsync(List<Card> cards, List<StudentPurpose> rights, CancellationToken cancellationToken)
    {
        var ring = keys.Ring;
        var wanted = (
            from card in cards
            from right in rights.Where(r => r.StudentId == card.StudentId && ring.Holds(r.Purpose))
            from key in ring.Versions(right.Purpose)
            select Entitlement.For(PseudonymDeriver.Pseudonym(new CardToken(card.CardToken), right.Purpose, key), PurposeGrant.Of(right)))
            .ToDictionary(e => (e.Purpose, e.Pseudonym));
        var managed = StudentPseudonyms.Of(cards.Select(c => c.CardToken), ring).Select(p => p.Value).ToList();
        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        await using var transaction = await central.Database.BeginTransactionAsync(cancellationToken);
        var present = await central.Entitlements.Where(e => managed.Contains(e.Pseudonym)).ToListAsync(cancellationToken);
        var touched = new List<ReaderType>();
        foreach (var row in present)
        {
            if (!wanted.Remove((row.Purpose, row.Pseudonym), out var entitlement))
            {
                central.Entitlements.Remove(row);
                touched.Add(row.Purpose);
            }
            else if (row.ValidFrom != entitlement.ValidFrom || row.ValidUntil != entitlement.ValidUntil || row.Places != entitlement.Places || row.Schedule != entitlement.Schedule)
            {
                (row.ValidFrom, row.ValidUntil, row.Places, row.Schedule) = (entitlement.ValidFrom, entitlement.ValidUntil, entitlement.Places, entitlement.Schedule);
                touched.Add(row.Purpose);
            }
        }
        central.Entitlements.AddRange(wanted.Values);
        touched.AddRange(wanted.Values.Select(e => e.Purpose));
        if (touched.Count == 0)
        {
            return 0;
        }
        var versions = await AllowListVersions.BumpAsync(central, touched, cancellationToken);
        await central.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notices.PublishAsync(versions, cancellationToken);
        return touched.Count;
    }
}

/// <summary>What one derivation changed: vault rights and purpose-store entitlements (added, changed or removed).</summary>
public sealed record RightsChange(int Rights, int Entitlements)
{
    public static readonly RightsChange None = new(0, 0);
}
