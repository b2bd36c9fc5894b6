using System.Security.Cryptography;
using StudentCard.Core.Keys;

namespace StudentCard.Core.Identifiers;

/// <summary>Derives card tokens and purpose pseudonyms: UID ─HMAC(K_site)→ token ─HMAC(K_purpose)→ pseudonym.</summary>
public static class PseudonymDeriver
{
    private const int TruncatedBytes = 16;

    public static CardToken CardToken(CardUid uid, SecretKey siteKey) =>
        new(Truncated(siteKey, uid.Bytes));

    public static PurposePseudonym Pseudonym(CardToken token, ReaderType purpose, SecretKey purposeKey)
    {
        Span<byte> tokenBytes = stackalloc byte[TruncatedBytes];
        Convert.FromHexString(token.Value, tokenBytes, out _, out _);
        return new PurposePseudonym(purpose, purposeKey.Version, Truncated(purposeKey, tokenBytes));
    }

    public static PurposePseudonym Pseudonym(CardUid uid, ReaderType purpose, SecretKey siteKey, SecretKey purposeKey) =>
        Pseudonym(CardToken(uid, siteKey), purpose, purposeKey);

    private static string Truncated(SecretKey key, ReadOnlySpan<byte> data)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        key.Mac(data, mac);
        return Convert.ToHexStringLower(mac[..TruncatedBytes]);
    }
}
