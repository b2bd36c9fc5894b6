using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using StudentCard.Central.AllowList;
using StudentCard.Central.Keys;
using StudentCard.Central.Rights;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;

namespace StudentCard.Central.CardEnrollment;

/// <summary>
/// Enrolls students with their cards and changes their cards: the identity and card go to the vault; what the card
/// opens comes from the access rules, derived for the new pupils once they are enrolled (<see cref="RightsDerivation"/>;
/// rights given at enrollment are pupils' own rules, <see cref="RuleService.GivePupilsAsync"/>).
/// </summary>
public sealed class EnrollmentService(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    CentralKeys keys,
    AllowListNotices notices,
    RightsDerivation derivation,
    TimeProvider time,
    ILogger<EnrollmentService> logger,
    Audit.AuditLog? audit = null)
{
    public Task EnrollAsync(NewStudent student, CardToken token, CancellationToken cancellationToken = default) =>
        EnrollManyAsync([new Enrollee(student, token)], cancellationToken);

    /// <summary>
    /// Enrolls a batch in one vault transaction, all or nothing, then derives the new pupils' rights from the rules that
    /// already cover them (a school's, grade's or class's), which lists their cards with one version bump per purpose.
    /// </summary>
    public async Task EnrollManyAsync(IReadOnlyCollection<Enrollee> enrollees, CancellationToken cancellationToken = default)
    {
        var students = await EnrollStudentsAsync(enrollees, cancellationToken);
        await derivation.DeriveAsync(students, cancellationToken);
    }

    private async Task<IReadOnlyList<long>> EnrollStudentsAsync(IReadOnlyCollection<Enrollee> enrollees, CancellationToken cancellationToken)
    {
        EnrollmentRequests.Validate(enrollees);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var tokens = enrollees.Select(e => e.Token.Value).ToList();
        var numbers = enrollees.Select(e => e.Student.StudentNumber).ToList();
        var known = await vault.Cards.AsNoTracking().Where(c => tokens.Contains(c.CardToken)).Select(c => c.Status).ToListAsync(cancellationToken);
        if (known.Any(status => status != CardStatus.Issued))
        {
            throw new EnrollmentException(EnrollmentError.CardRevoked, "A card in this enrollment was reported lost or revoked; it cannot be enrolled again, issue a new card.");
        }
        if (known.Count > 0)
        {
            throw new EnrollmentException(EnrollmentError.CardAlreadyEnrolled, "A card in this enrollment is already enrolled; use a re-issue or revoke it first.");
        }
        if (await vault.Students.AnyAsync(s => numbers.Contains(s.StudentNumber), cancellationToken))
        {
            throw new EnrollmentException(EnrollmentError.StudentAlreadyEnrolled, "A student in this enrollment is already enrolled; give them a new card with a re-issue.");
        }

        var now = time.GetUtcNow();
        await using var vaultTransaction = await vault.Database.BeginTransactionAsync(cancellationToken);

        var students = enrollees.Select(e => (Enrollee: e, Row: NewStudentRow(e.Student))).ToList();
        vault.Students.AddRange(students.Select(s => s.Row));
        await vault.SaveChangesAsync(cancellationToken);
        foreach (var (enrollee, row) in students)
        {
            vault.Cards.Add(new Card { StudentId = row.Id, CardToken = enrollee.Token.Value, Status = CardStatus.Issued, IssuedAt = now });
        }
        await vault.SaveChangesAsync(cancellationToken);
        await vaultTransaction.CommitAsync(cancellationToken);
        logger.LogInformation("Enrolled {Count} students", enrollees.Count);
        await RecordAsync(Audit.AuditActions.Enrollment, $"{enrollees.Count} students", "enrolled, each with a card; rights from the access rules", cancellationToken);
        return students.Select(s => s.Row.Id).ToList();
    }

    /// <summary>Gives an enrolled student a new card: the old cards are revoked, the new one gets the student's purposes.</summary>
    public async Task ReissueCardAsync(string studentNumber, CardToken newToken, CancellationToken cancellationToken = default)
    {
        // A key rotation must not run between deriving these pseudonyms and storing them.
        using var held = await keys.HoldChangesAsync(cancellationToken);
        await ReissueCardLockedAsync(studentNumber, newToken, cancellationToken);
    }

    private async Task ReissueCardLockedAsync(string studentNumber, CardToken newToken, CancellationToken cancellationToken)
    {
        EnrollmentRequests.ValidateToken(newToken);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        var student = await vault.Students.SingleOrDefaultAsync(s => s.StudentNumber == studentNumber, cancellationToken)
            ?? throw new EnrollmentException(EnrollmentError.UnknownStudent, "No student with this student number is enrolled; enroll them first.");
        var known = await vault.Cards.AsNoTracking().Where(c => c.CardToken == newToken.Value).Select(c => (CardStatus?)c.Status).SingleOrDefaultAsync(cancellationToken);
        if (known is CardStatus.Lost or CardStatus.Revoked)
        {
            throw new EnrollmentException(EnrollmentError.CardRevoked, "The new card was reported lost or revoked; it cannot be issued again.");
        }
        if (known is not null)
        {
            throw new EnrollmentException(EnrollmentError.CardAlreadyEnrolled, "The new card is already enrolled.");
        }
        var oldCards = await vault.Cards.Where(c => c.StudentId == student.Id && c.Status == CardStatus.Issued).ToListAsync(cancellationToken);
        var grants = await vault.StudentPurposes.Where(p => p.StudentId == student.Id).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();

        await using var vaultTransaction = await vault.Database.BeginTransactionAsync(cancellationToken);
        await using var centralTransaction = await central.Database.BeginTransactionAsync(cancellationToken);
        var removed = await RemoveEntitlementsAsync(central, oldCards.Select(c => new CardToken(c.CardToken)), cancellationToken);
        // A deactivated or restricted pupil's new card stays without entitlements, as their old ones were suspended.
        var added = grants
            .Where(g => keys.Ring.Holds(g.Purpose) && student.DeactivatedAt is null && student.RestrictedAt is null)
            .SelectMany(g => NewEntitlements(newToken, PurposeGrant.Of(g)))
            .ToList();
        central.Entitlements.AddRange(added);
        var versions = await AllowListVersions.BumpAsync(central, removed.Concat(added.Select(e => e.Purpose)), cancellationToken);
        foreach (var card in oldCards)
        {
            card.Status = CardStatus.Revoked;
            card.RevokedAt = now;
        }
        vault.Cards.Add(new Card { StudentId = student.Id, CardToken = newToken.Value, Status = CardStatus.Issued, IssuedAt = now });
        await vault.SaveChangesAsync(cancellationToken);
        await central.SaveChangesAsync(cancellationToken);
        await CommitBothAsync(vaultTransaction, centralTransaction, cancellationToken);
        logger.LogInformation("Re-issued a card: {Revoked} old cards revoked, {Entitlements} entitlements for the new one", oldCards.Count, added.Count);
        await RecordAsync(Audit.AuditActions.CardReissued, $"vault student {student.Id}", "new card issued; the old cards revoked", cancellationToken);
        await notices.PublishAsync(versions, cancellationToken);
    }

    /// <summary>
    /// Marks a card lost or revoked. A revoked card's entitlements are removed (readers then see an unknown card); a lost
    /// card's stay listed as lost, so its use is denied with that reason and flagged for the school.
    /// </summary>
    public async Task RevokeCardAsync(CardToken token, CardStatus status = CardStatus.Lost, CancellationToken cancellationToken = default)
    {
        // A key rotation must not run between deriving these pseudonyms and storing them.
        using var held = await keys.HoldChangesAsync(cancellationToken);
        await RevokeCardLockedAsync(token, status, cancellationToken);
    }

    private async Task RevokeCardLockedAsync(CardToken token, CardStatus status, CancellationToken cancellationToken)
    {
        EnrollmentRequests.ValidateToken(token);
        if (status == CardStatus.Issued)
        {
            throw new EnrollmentException(EnrollmentError.InvalidRequest, "A card is revoked as Lost or Revoked, not Issued.");
        }
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        var card = await vault.Cards.SingleOrDefaultAsync(c => c.CardToken == token.Value, cancellationToken)
            ?? throw new EnrollmentException(EnrollmentError.UnknownCard, "This card is not enrolled.");

        await using var vaultTransaction = await vault.Database.BeginTransactionAsync(cancellationToken);
        await using var centralTransaction = await central.Database.BeginTransactionAsync(cancellationToken);
        List<ReaderType> changed;
        if (status == CardStatus.Lost)
        {
            var pseudonyms = PseudonymsOf([token]);
            var rows = await central.Entitlements.Where(e => pseudonyms.Contains(e.Pseudonym)).ToListAsync(cancellationToken);
            rows.ForEach(r => r.Status = Core.Rules.CardStatus.Lost);
            changed = rows.Select(r => r.Purpose).ToList();
        }
        else
        {
            changed = await RemoveEntitlementsAsync(central, [token], cancellationToken);
        }
        var versions = await AllowListVersions.BumpAsync(central, changed, cancellationToken);
        card.Status = status;
        card.RevokedAt ??= time.GetUtcNow();
        await vault.SaveChangesAsync(cancellationToken);
        await central.SaveChangesAsync(cancellationToken);
        await CommitBothAsync(vaultTransaction, centralTransaction, cancellationToken);
        logger.LogInformation("Revoked a card as {Status}: {Count} entitlements changed", status, changed.Count);
        await RecordAsync(Audit.AuditActions.CardRevoked, $"vault student {card.StudentId}", $"card reported {status.ToString().ToLowerInvariant()}", cancellationToken);
        await notices.PublishAsync(versions, cancellationToken);
    }

    /// <summary>
    /// One entitlement per key version held: during a key rotation agents may still hold only the
    /// old version, so a card enrolled meanwhile must be known under both until the switch completes.
    /// </summary>
    private IEnumerable<Entitlement> NewEntitlements(CardToken token, PurposeGrant grant) =>
        keys.Ring.Versions(grant.Purpose).Select(key => Entitlement.For(PseudonymDeriver.Pseudonym(token, grant.Purpose, key), grant));

    /// <summary>Identity changes go on the audit chain; the subject is the vault's own number for the student, never a name.</summary>
    private Task RecordAsync(string action, string subject, string reason, CancellationToken cancellationToken) =>
        audit?.RecordAsync("operator", action, subject, reason, cancellationToken) ?? Task.CompletedTask;

    /// <summary>Removes the entitlements of these cards under every key version held; returns the purpose of each removed row.</summary>
    private async Task<List<ReaderType>> RemoveEntitlementsAsync(CentralDbContext central, IEnumerable<CardToken> tokens, CancellationToken cancellationToken)
    {
        var pseudonyms = PseudonymsOf(tokens);
        if (pseudonyms.Count == 0)
        {
            return [];
        }
        var rows = await central.Entitlements.Where(e => pseudonyms.Contains(e.Pseudonym)).ToListAsync(cancellationToken);
        central.Entitlements.RemoveRange(rows);
        return rows.Select(r => r.Purpose).ToList();
    }

    private List<string> PseudonymsOf(IEnumerable<CardToken> tokens) =>
        StudentPseudonyms.Of(tokens.Select(t => t.Value), keys.Ring).Select(p => p.Value).ToList();

    /// <summary>Access-removing changes: the purpose store commits first, so a failure in between can only deny, never allow.</summary>
    private static async Task CommitBothAsync(IDbContextTransaction vault, IDbContextTransaction central, CancellationToken cancellationToken)
    {
        await central.CommitAsync(cancellationToken);
        await vault.CommitAsync(CancellationToken.None);
    }

    private static Student NewStudentRow(NewStudent student) => new()
    {
        StudentNumber = student.StudentNumber,
        GivenName = student.GivenName,
        FamilyName = student.FamilyName,
        School = student.School,
        ClassName = student.ClassName,
        BirthYear = student.BirthYear,
        GuardianName = student.GuardianName,
    };
}
