using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Keys;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Admin.Reidentification;

/// <summary>
/// Turns a purpose pseudonym back into a person through the vault: the vault holds card tokens, not
/// pseudonyms, so each card's pseudonym is derived under every key version of the purpose held and
/// compared. The look-up is recorded on the audit chain (who, which pseudonym, why) before anything is
/// shown, whether or not it finds someone.
/// </summary>
public sealed class Reidentifier(IDbContextFactory<VaultDbContext> vaults, CentralKeys keys, AuditLog audit)
{
    public async Task<ReidentifiedPerson?> FindAsync(ReidentificationRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }
        var scope = request.School is null ? "any school" : "school scope";
        await audit.RecordAsync(request.Actor, AuditActions.Reidentification, $"{request.Purpose.Name()}:{request.Pseudonym}",
            $"{request.Reason.Trim()} ({scope})", cancellationToken);

        var ring = keys.Ring;
        if (!ring.Holds(request.Purpose))
        {
            return null;
        }
        var versions = ring.Versions(request.Purpose);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var cards = from card in vault.Cards.AsNoTracking()
                    join student in vault.Students.AsNoTracking() on card.StudentId equals student.Id
                    select new { card.CardToken, student };
        if (request.School is { } school)
        {
            cards = cards.Where(c => c.student.School == school);
        }
        // Revoked and lost cards too: a passage may predate the card's revocation.
        await foreach (var candidate in cards.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var token = new CardToken(candidate.CardToken);
            if (versions.Any(key => PseudonymDeriver.Pseudonym(token, request.Purpose, key).Value == request.Pseudonym))
            {
                var s = candidate.student;
                return new ReidentifiedPerson(s.StudentNumber, s.GivenName, s.FamilyName, s.School, s.ClassName);
            }
        }
        return null;
    }
}
