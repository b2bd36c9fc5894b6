using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Audit;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.DeskApi;

/// <summary>Registers, revokes and authenticates enrollment desks; holds secret hashes only.</summary>
public sealed class DeskRegistry(
    IDbContextFactory<DeskDbContext> stores,
    TimeProvider time,
    ILogger<DeskRegistry> logger,
    AuditLog? audit = null)
{
    public const string RegisterAction = "desk.register";
    public const string RevokeAction = "desk.revoke";

    /// <summary>Registers a desk and returns its secret; this is the only time the secret is seen.</summary>
    public async Task<string> RegisterAsync(string deskId, CancellationToken cancellationToken = default)
    {
        if (!Identifier.IsValid(deskId))
        {
            throw new DeskRegistrationException("A desk id is 1-64 of a-z, 0-9 and '-', starting with a letter or digit.");
        }
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        if (await db.Desks.AnyAsync(d => d.Id == deskId, cancellationToken))
        {
            throw new DeskRegistrationException($"A desk '{deskId}' is already registered; desk ids are never reused.");
        }
        var secret = ReaderSecretHasher.NewSecret();
        db.Desks.Add(new Desk { Id = deskId, SecretHash = ReaderSecretHasher.Hash(secret), RegisteredAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Registered enrollment desk {DeskId}", deskId);
        await RecordAsync(RegisterAction, deskId, "enrollment desk registered", cancellationToken);
        return secret;
    }

    public async Task RevokeAsync(string deskId, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var desk = await db.Desks.SingleOrDefaultAsync(d => d.Id == deskId, cancellationToken)
            ?? throw new DeskRegistrationException($"No desk '{deskId}' is registered.");
        if (desk.RevokedAt is null)
        {
            desk.RevokedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Revoked enrollment desk {DeskId}", deskId);
            await RecordAsync(RevokeAction, deskId, "enrollment desk revoked", cancellationToken);
        }
    }

    public async Task<bool> ExistsAsync(string deskId, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.Desks.AnyAsync(d => d.Id == deskId, cancellationToken);
    }

    /// <summary>Checks a desk's credentials; revocation is read on every call, so a revoked desk is refused at once.</summary>
    public async Task<DeskCheckOutcome> CheckAsync(string? deskId, string? secret, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        Desk? desk = null;
        if (Identifier.IsValid(deskId))
        {
            desk = await db.Desks.SingleOrDefaultAsync(d => d.Id == deskId, cancellationToken);
        }
        // Unknown ids are checked against a decoy digest, so they take as long as known ones.
        var match = ReaderSecretHasher.Verify(secret, desk?.SecretHash ?? ReaderSecretHasher.Decoy);
        if (desk is null)
        {
            return DeskCheckOutcome.Unknown;
        }
        if (match == SecretMatch.None)
        {
            return DeskCheckOutcome.WrongSecret;
        }
        if (match == SecretMatch.MatchesLegacyHash)
        {
            // A PBKDF2 hash from an older store: the slow check runs once, then the digest is what is kept.
            desk.SecretHash = ReaderSecretHasher.Hash(secret!);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Desk {DeskId}'s secret is now stored as a digest", deskId);
        }
        return desk.RevokedAt is null ? DeskCheckOutcome.Authenticated : DeskCheckOutcome.Revoked;
    }

    private Task RecordAsync(string action, string deskId, string reason, CancellationToken cancellationToken) =>
        audit?.RecordAsync("operator", action, $"desk {deskId}", reason, cancellationToken) ?? Task.CompletedTask;
}
