using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// Secrets already checked against a reader's stored PBKDF2 hash, remembered as a SHA-256 of the
/// secret tied to that exact stored hash: a re-registered reader (new hash) is checked afresh, and
/// revocation is checked on every call (the registry forgets a revoked reader's cached registration
/// as it commits the revocation), so a revoked reader is refused at once.
/// </summary>
internal sealed class VerifiedSecrets
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] SecretDigest)> _entries = new(StringComparer.Ordinal);

    public bool Matches(ReaderRegistration? reader, string? secret) =>
        reader is not null
        && secret is not null
        && _entries.TryGetValue(reader.Id, out var known)
        && known.StoredHash == reader.SecretHash
        && CryptographicOperations.FixedTimeEquals(known.SecretDigest, Digest(secret));

    public void Remember(ReaderRegistration reader, string secret)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[reader.Id] = (reader.SecretHash, Digest(secret));
    }

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
