using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.CardEnrollment;

/// <summary>
/// A school admin's cards of a pupil of their own school, for the Cards page and the admin API alike: the pupil found by
/// student number within the school (another school's pupil is "not found"), and a card reported lost or revoked with a
/// stated reason, audited in the admin's name. Refusals are <see cref="EnrollmentException"/>s that change nothing.
/// </summary>
public sealed class SchoolCards(IDbContextFactory<VaultDbContext> vaults, EnrollmentService enrollment, AuditLog audit, TimeProvider time)
{
    public const string NoSuchPupil = "No pupil with this student number at your school.";

    /// <summary>The pupil with this number at <paramref name="school"/>, with their cards (never their tokens).</summary>
    public async Task<CardHolder> FindAsync(string? school, string? number, CancellationToken cancellationToken)
    {
        number = number?.Trim();
        if (string.IsNullOrEmpty(number))
        {
            throw new EnrollmentException(EnrollmentError.InvalidRequest, "Enter a student number.");
        }
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var student = await vault.Students.AsNoTracking()
            .Where(s => s.StudentNumber == number && s.School == school)
            .Select(s => new { s.Id, s.StudentNumber, s.ClassName })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new EnrollmentException(EnrollmentError.UnknownStudent, NoSuchPupil);
        var cards = await vault.Cards.AsNoTracking()
            .Where(c => c.StudentId == student.Id)
            .OrderBy(c => c.IssuedAt)
            .Select(c => new HeldCard(c.Id, c.Status, c.IssuedAt, c.RevokedAt))
            .ToListAsync(cancellationToken);
        var hasRights = await StudentRights.HoldsAnyAsync(vault, student.Id, time.GetUtcNow(), cancellationToken);
        return new CardHolder(student.Id, student.StudentNumber, student.ClassName, cards, hasRights);
    }

    /// <summary>
    /// Reports the pupil's card <paramref name="cardId"/> lost or revokes it; without a card id, the pupil's one issued
    /// card. The allow-list change reaches the readers as every revocation's does.
    /// </summary>
    public async Task<HeldCard> RevokeAsync(string actor, string? school, string? number, long? cardId, CardStatus status, string? reason, CancellationToken cancellationToken)
    {
        var holder = await FindAsync(school, number, cancellationToken);
        var card = cardId is { } id ? holder.Cards.SingleOrDefault(c => c.Id == id) : OnlyIssued(holder);
        reason = reason?.Trim();
        if (card is null)
        {
            throw new EnrollmentException(EnrollmentError.UnknownCard, "This pupil has no such card.");
        }
        if (card.Status != CardStatus.Issued)
        {
            throw new EnrollmentException(EnrollmentError.CardRevoked, $"This card is already {card.Status.ToString().ToLowerInvariant()}.");
        }
        if (reason is null || reason.Length < 5)
        {
            throw new EnrollmentException(EnrollmentError.InvalidRequest, "State a reason (at least 5 characters); it goes into the audit log.");
        }
        await enrollment.RevokeCardAsync(new CardToken(await TokenOfAsync(card.Id, cancellationToken)), status, cancellationToken);
        await audit.RecordAsync(actor, AuditActions.CardRevoked, $"vault student {holder.Id}", reason, cancellationToken);
        return card with { Status = status };
    }

    private static HeldCard OnlyIssued(CardHolder holder)
    {
        var issued = holder.Cards.Where(c => c.Status == CardStatus.Issued).ToList();
        return issued.Count switch
        {
            1 => issued[0],
            0 => throw new EnrollmentException(EnrollmentError.CardRevoked, "This pupil has no issued card; nothing was revoked."),
            _ => throw new EnrollmentException(EnrollmentError.InvalidRequest,
                $"This pupil has {issued.Count} issued cards (ids {string.Join(", ", issued.Select(c => c.Id))}): name the one to revoke."),
        };
    }

    private async Task<string> TokenOfAsync(long cardId, CancellationToken cancellationToken)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        return await vault.Cards.Where(c => c.Id == cardId).Select(c => c.CardToken).SingleAsync(cancellationToken);
    }
}

/// <summary>A pupil as a school admin sees them for their cards: vault id, student number, class, cards and whether they hold any right now or later; no name.</summary>
public sealed record CardHolder(long Id, string Number, string ClassName, IReadOnlyList<HeldCard> Cards, bool HasRights)
{
    public bool HasIssuedCard => Cards.Any(c => c.Status == CardStatus.Issued);
}

/// <summary>One of a pupil's cards, without its token.</summary>
public sealed record HeldCard(long Id, CardStatus Status, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);
