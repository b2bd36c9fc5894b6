using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.AllowList;
using StudentCard.Central.Keys;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.DataSubjects;

/// <summary>
/// Takes pupils' entitlements out of the purpose store and puts them back from their vault grants,
/// bumping and announcing the allow-list versions so readers drop or learn the pseudonyms. Used for
/// roster deactivation, restriction of processing (Art. 18) and objection (Art. 21).
/// </summary>
public sealed class EntitlementSwitch(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    CentralKeys keys,
    AllowListNotices notices,
    ILogger<EntitlementSwitch> logger)
{
    /// <summary>Removes the entitlements of these pupils' cards (one purpose or all), under every key version held; returns how many.</summary>
    public async Task<int> SuspendAsync(IReadOnlyCollection<long> studentIds, ReaderType? onlyPurpose, CancellationToken cancellationToken)
    {
        if (studentIds.Count == 0)
        {
            return 0;
        }
        using var held = await keys.HoldChangesAsync(cancellationToken);
        var tokens = await TokensAsync(studentIds, cancellationToken);
        var pseudonyms = StudentPseudonyms.Of(tokens, keys.Ring, onlyPurpose).Select(p => p.Value).ToList();
        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        await using var transaction = await central.Database.BeginTransactionAsync(cancellationToken);
        var rows = await central.Entitlements.Where(e => pseudonyms.Contains(e.Pseudonym)).ToListAsync(cancellationToken);
        central.Entitlements.RemoveRange(rows);
        var versions = await AllowListVersions.BumpAsync(central, rows.Select(r => r.Purpose), cancellationToken);
        await central.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Suspended {Count} entitlements of {Students} pupils", rows.Count, studentIds.Count);
        await notices.PublishAsync(versions, cancellationToken);
        return rows.Count;
    }

    /// <summary>
    /// Gives back, from the vault's grants, the entitlements of these pupils' issued cards that are
    /// missing, skipping pupils still deactivated or restricted; returns how many were added.
    /// </summary>
    public async Task<int> RestoreAsync(IReadOnlyCollection<long> studentIds, CancellationToken cancellationToken)
    {
        if (studentIds.Count == 0)
        {
            return 0;
        }
        using var held = await keys.HoldChangesAsync(cancellationToken);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var eligible = await vault.Students.AsNoTracking()
            .Where(s => studentIds.Contains(s.Id) && s.DeactivatedAt == null && s.RestrictedAt == null)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        var cards = await vault.Cards.AsNoTracking().Where(c => eligible.Contains(c.StudentId) && c.Status == CardStatus.Issued).ToListAsync(cancellationToken);
        var grants = await vault.StudentPurposes.AsNoTracking().Where(p => eligible.Contains(p.StudentId)).ToListAsync(cancellationToken);
        var ring = keys.Ring;
        var wanted = (
            from card in cards
            from grant in grants.Where(g => g.StudentId == card.StudentId && ring.Holds(g.Purpose))
            from key in ring.Versions(grant.Purpose)
            select Entitlement.For(PseudonymDeriver.Pseudonym(new CardToken(card.CardToken), grant.Purpose, key), PurposeGrant.Of(grant))).ToList();
        var values = wanted.Select(w => w.Pseudonym).ToList();
        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        await using var transaction = await central.Database.BeginTransactionAsync(cancellationToken);
        var present = (await central.Entitlements.Where(e => values.Contains(e.Pseudonym)).Select(e => e.Pseudonym).ToListAsync(cancellationToken)).ToHashSet();
        var added = wanted.Where(w => !present.Contains(w.Pseudonym)).ToList();
        central.Entitlements.AddRange(added);
        var versions = await AllowListVersions.BumpAsync(central, added.Select(a => a.Purpose), cancellationToken);
        await central.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Restored {Count} entitlements of {Students} pupils", added.Count, eligible.Count);
        await notices.PublishAsync(versions, cancellationToken);
        return added.Count;
    }

    /// <summary>Every card, lost and revoked ones too: a lost card is still listed (as lost) and is suspended with the rest; a revoked one has nothing left to remove.</summary>
    private async Task<List<string>> TokensAsync(IReadOnlyCollection<long> studentIds, CancellationToken cancellationToken)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        return await vault.Cards.AsNoTracking()
            .Where(c => studentIds.Contains(c.StudentId))
            .Select(c => c.CardToken).ToListAsync(cancellationToken);
    }
}
