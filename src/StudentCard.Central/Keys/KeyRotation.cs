using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.AllowList;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Keys;

/// <summary>
/// Rotates one purpose's key in two steps, so taps keep being decided throughout:
/// <see cref="BeginAsync"/> adds a new key version and entitlements under it (the allow-list then
/// holds both versions' pseudonyms; agents holding either version decide correctly);
/// <see cref="CompleteAsync"/>, once every agent of the purpose holds the new key file, removes the
/// old versions' entitlements and drops the old keys. Pseudonyms are re-derived from the vault's
/// card tokens; the vault never sees a pseudonym.
/// </summary>
public sealed class KeyRotation(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    CentralKeys keys,
    AllowListNotices notices,
    ILogger<KeyRotation> logger,
    Audit.AuditLog? audit = null)
{
    /// <summary>Adds a key version (unless a rotation of this purpose is already under way) and derives its entitlements; repeatable.</summary>
    public async Task<RotationResult> BeginAsync(ReaderType purpose, CancellationToken cancellationToken = default)
    {
        using var held = await keys.HoldChangesAsync(cancellationToken);
        var ring = keys.Ring;
        if (ring.Versions(purpose).Count == 1)
        {
            // The key file is written before any entitlement: a failure after it is repaired by running Begin again.
            ring = ring.WithNewVersion(purpose);
            keys.Replace(ring);
        }
        var key = ring.Current(purpose);
        var tokens = await EntitledTokensAsync(purpose, cancellationToken);

        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        await using var transaction = await central.Database.BeginTransactionAsync(cancellationToken);
        var existing = (await central.Entitlements
            .Where(e => e.Purpose == purpose && e.KeyVersion == key.Version)
            .Select(e => e.Pseudonym)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var added = tokens
            .Select(t => Entitlement.For(PseudonymDeriver.Pseudonym(new CardToken(t.Token), purpose, key), PurposeGrant.Of(t.Grant),
                t.Lost ? Core.Rules.CardStatus.Lost : Core.Rules.CardStatus.Active))
            .Where(e => !existing.Contains(e.Pseudonym))
            .ToList();
        central.Entitlements.AddRange(added);
        var versions = await AllowListVersions.BumpAsync(central, [purpose], cancellationToken);
        await central.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Began rotating the {Purpose} key to version {KeyVersion}: {Count} entitlements derived", purpose.Name(), key.Version, added.Count);
        await notices.PublishAsync(versions, cancellationToken);
        await RecordAsync(Audit.AuditActions.KeyRotationBegun, purpose, $"key version {key.Version} added; {added.Count} entitlements derived from the vault", cancellationToken);
        return new RotationResult(purpose, key.Version, added.Count, versions[purpose]);
    }

    /// <summary>Removes the entitlements of the purpose's older key versions, then drops those keys from the key file.</summary>
    public async Task<RotationResult> CompleteAsync(ReaderType purpose, CancellationToken cancellationToken = default)
    {
        using var held = await keys.HoldChangesAsync(cancellationToken);
        var ring = keys.Ring;
        var current = ring.Current(purpose).Version;
        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        await using var transaction = await central.Database.BeginTransactionAsync(cancellationToken);
        var removed = await central.Entitlements
            .Where(e => e.Purpose == purpose && e.KeyVersion < current)
            .ExecuteDeleteAsync(cancellationToken);
        var versions = await AllowListVersions.BumpAsync(central, [purpose], cancellationToken);
        await central.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Keys go last: an old pseudonym is never left in a list without the key that made it.
        if (ring.Versions(purpose).Count > 1)
        {
            keys.Replace(ring.WithoutVersionsBelow(purpose, current));
        }
        logger.LogInformation("Completed rotating the {Purpose} key to version {KeyVersion}: {Count} old entitlements removed", purpose.Name(), current, removed);
        await notices.PublishAsync(versions, cancellationToken);
        await RecordAsync(Audit.AuditActions.KeyRotationCompleted, purpose, $"switched to key version {current}; {removed} older entitlements removed", cancellationToken);
        return new RotationResult(purpose, current, removed, versions[purpose]);
    }

    /// <summary>Key changes go on the audit chain (who: the operator's tools; no key material, only versions).</summary>
    private Task RecordAsync(string action, ReaderType purpose, string reason, CancellationToken cancellationToken) =>
        audit?.RecordAsync("operator", action, $"{purpose.Name()} key", reason, cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Each issued or lost card's token with its student's grant for the purpose, read from the vault. Lost cards are
    /// listed too, so their use is still denied as lost, and flagged, under the new key version.
    /// </summary>
    private async Task<List<(string Token, StudentPurpose Grant, bool Lost)>> EntitledTokensAsync(ReaderType purpose, CancellationToken cancellationToken)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from card in vault.Cards
            join grant in vault.StudentPurposes on card.StudentId equals grant.StudentId
            where card.Status != CardStatus.Revoked && grant.Purpose == purpose
            select new { card.CardToken, card.Status, grant }).AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(r => (r.CardToken, r.grant, r.Status == CardStatus.Lost)).ToList();
    }
}

/// <summary>What a rotation step did: the purpose's current key version, entitlements added or removed, the new allow-list version.</summary>
public sealed record RotationResult(ReaderType Purpose, int KeyVersion, int Entitlements, long AllowListVersion);
