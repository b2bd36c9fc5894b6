using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Stores;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>Registers, revokes and authenticates readers; holds secret hashes only.</summary>
public sealed class ReaderRegistry(
    IDbContextFactory<CentralDbContext> stores,
    TimeProvider time,
    ILogger<ReaderRegistry> logger,
    IEnumerable<IReaderRegistryObserver> observers,
    RevokedReaders revoked)
{
    // Every gRPC call reads its caller's registration; it is read from the store at most once a poll period and forgotten on revocation.
    private readonly ReaderRegistrationCache _registrations = new(time);

    /// <summary>
    /// Registers a reader at its place (see <see cref="ReaderPlace.Name"/>; null when it has none) and returns its secret; this
    /// is the only time the secret is seen. The place is what the reader's calls and topics are checked against.
    /// </summary>
    public async Task<string> RegisterAsync(string readerId, ReaderType type, string? place = null, CancellationToken cancellationToken = default)
    {
        Identifier.Require(readerId, "reader id");
        if (place is not null && ReaderPlace.Parse(type, place) is null)
        {
            throw new ReaderRegistrationException($"'{place}' is not a {type.Name()} reader's place.");
        }
        // Reserved so a reader's MQTT client id ("<id>" or "reader-<id>") and Central's own never collide.
        if (MqttClientIds.IsReserved(readerId))
        {
            throw new ReaderRegistrationException(MqttClientIds.ReservedRule);
        }
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        if (await db.Readers.AnyAsync(r => r.Id == readerId, cancellationToken))
        {
            throw new ReaderRegistrationException($"A reader '{readerId}' is already registered; reader ids are never reused.");
        }
        var secret = ReaderSecretHasher.NewSecret();
        db.Readers.Add(new ReaderRegistration
        {
            Id = readerId,
            Type = type,
            Place = place,
            SecretHash = ReaderSecretHasher.Hash(secret),
            RegisteredAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Registered {ReaderType} reader {ReaderId} at {Place}", type.Name(), readerId, place ?? "no place");
        foreach (var observer in observers)
        {
            await observer.ReaderRegisteredAsync(new RegisteredReader(readerId, type, place), secret, cancellationToken);
        }
        return secret;
    }

    public async Task RevokeAsync(string readerId, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var reader = await db.Readers.SingleOrDefaultAsync(r => r.Id == readerId, cancellationToken)
            ?? throw new ReaderRegistrationException($"No reader '{readerId}' is registered.");
        if (reader.RevokedAt is null)
        {
            reader.RevokedAt = time.GetUtcNow();
            reader.Online = false;
            await db.SaveChangesAsync(cancellationToken);
            // Before anything else: the revocation holds for gRPC from here on. The nudged watcher then closes the reader's MQTT
            // sessions here before this returns; a running Central finds a revocation made by another process itself.
            _registrations.Forget(readerId);
            logger.LogInformation("Revoked reader {ReaderId}", readerId);
            await revoked.NudgeAsync(cancellationToken);
            foreach (var observer in observers)
            {
                await observer.ReaderRevokedAsync(readerId, cancellationToken);
            }
        }
    }

    /// <summary>The reader, or null when the id is unknown, the secret wrong or the reader revoked.</summary>
    public async Task<RegisteredReader?> AuthenticateAsync(string readerId, string secret, CancellationToken cancellationToken = default) =>
        (await CheckAsync(readerId, secret, cancellationToken)).Reader;

    public async Task<ReaderCheck> CheckAsync(string? readerId, string? secret, CancellationToken cancellationToken = default)
    {
        ReaderRegistration? reader = null;
        if (Identifier.IsValid(readerId))
        {
            reader = _registrations.Find(readerId!) ?? await ReadRegistrationAsync(readerId!, cancellationToken);
        }
        var match = ReaderSecretHasher.Verify(secret, reader?.SecretHash ?? ReaderSecretHasher.Decoy);
        if (reader is null)
        {
            return new ReaderCheck(ReaderCheckOutcome.Unknown, null);
        }
        if (match == SecretMatch.None)
        {
            return new ReaderCheck(ReaderCheckOutcome.WrongSecret, null);
        }
        if (match == SecretMatch.MatchesLegacyHash)
        {
            await StoreDigestAsync(reader, secret!, cancellationToken);
        }
        return reader.RevokedAt is null
            ? new ReaderCheck(ReaderCheckOutcome.Authenticated, new RegisteredReader(reader.Id, reader.Type, reader.Place))
            : new ReaderCheck(ReaderCheckOutcome.Revoked, null);
    }

    /// <summary>Replaces a PBKDF2 hash from an older store with the secret's digest, so the slow check runs once.</summary>
    private async Task StoreDigestAsync(ReaderRegistration reader, string secret, CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var legacyHash = reader.SecretHash;
        await db.Readers.Where(r => r.Id == reader.Id && r.SecretHash == legacyHash)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.SecretHash, ReaderSecretHasher.Hash(secret)), cancellationToken);
        // The cached registration still holds the old hash: the next call reads the new one.
        _registrations.Forget(reader.Id);
        logger.LogInformation("Reader {ReaderId}'s secret is now stored as a digest", reader.Id);
    }

    private async Task<ReaderRegistration?> ReadRegistrationAsync(string readerId, CancellationToken cancellationToken)
    {
        var generation = _registrations.Generation;
        var readAt = time.GetTimestamp();
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var reader = await db.Readers.AsNoTracking().SingleOrDefaultAsync(r => r.Id == readerId, cancellationToken);
        if (reader is not null)
        {
            _registrations.Remember(reader, generation, readAt);
        }
        return reader;
    }

    /// <summary>Forgets the cached registrations of readers revoked by another process, as the revocation watcher finds them.</summary>
    internal void Forget(IEnumerable<string> readerIds)
    {
        foreach (var readerId in readerIds)
        {
            _registrations.Forget(readerId);
        }
    }

    /// <summary>The registered, unrevoked reader with this id and type, with its registered place, or null.</summary>
    public async Task<RegisteredReader?> FindActiveAsync(string readerId, ReaderType type, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.Readers.AsNoTracking()
            .Where(r => r.Id == readerId && r.Type == type && r.RevokedAt == null)
            .Select(r => new RegisteredReader(r.Id, r.Type, r.Place))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ReaderRegistration>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.Readers.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }
}
