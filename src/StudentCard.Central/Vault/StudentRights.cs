using Microsoft.EntityFrameworkCore;

namespace StudentCard.Central.Vault;

/// <summary>Reads a student's rights (their <see cref="StudentPurpose"/> rows); only the rules and enrollment write them.</summary>
public static class StudentRights
{
    /// <summary>Whether the student holds a purpose valid now or from a later date: a card bound to them opens something now or will.</summary>
    public static Task<bool> HoldsAnyAsync(VaultDbContext vault, long studentId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        vault.StudentPurposes.AnyAsync(p => p.StudentId == studentId && p.ValidUntil > now, cancellationToken);
}
