using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// Makes reader and desk secrets (256 random bits, base64url: 43 characters) and checks them against their stored
/// digest ("sha256$hash"). A secret nobody chose cannot be guessed, so it needs no slow hash: one SHA-256 and a
/// fixed-time comparison are as safe and cost a failed sign-in next to nothing. Stores written before kept PBKDF2
/// hashes ("pbkdf2-sha256$iterations$salt$hash"); those still match, once, and are then stored as a digest.
/// </summary>
public static class ReaderSecretHasher
{
    public const int SecretBytes = 32;

    /// <summary>Base64url of <see cref="SecretBytes"/> without padding.</summary>
    public const int SecretLength = 43;

    private const string Scheme = "sha256";
    private const string LegacyScheme = "pbkdf2-sha256";

    /// <summary>A stored digest nobody's secret matches, checked when the id is unknown so that a miss costs what a wrong secret costs.</summary>
    public static readonly string Decoy = Hash(NewSecret());

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Hash(string secret)
    {
        var bytes = Decode(secret) ?? throw new ArgumentException($"A secret is {SecretLength} base64url characters ({SecretBytes} random bytes).", nameof(secret));
        return $"{Scheme}${Convert.ToBase64String(SHA256.HashData(bytes))}";
    }

    /// <summary>
    /// Whether <paramref name="secret"/> is the one <paramref name="stored"/> was made from. Anything that is not a
    /// well-formed secret is refused before any hashing.
    /// </summary>
    public static SecretMatch Verify(string? secret, string stored)
    {
        var bytes = Decode(secret);
        var parts = stored.Split('$');
        if (parts is [Scheme, var digest])
        {
            var expected = FromBase64(digest);
            return bytes is not null && expected is { Length: SHA256.HashSizeInBytes }
                && CryptographicOperations.FixedTimeEquals(SHA256.HashData(bytes), expected)
                ? SecretMatch.Matches
                : SecretMatch.None;
        }
        return bytes is not null && VerifyLegacy(secret!, parts) ? SecretMatch.MatchesLegacyHash : SecretMatch.None;
    }

    private static bool VerifyLegacy(string secret, string[] parts)
    {
        if (parts is not [LegacyScheme, var count, var saltText, var hashText] || !int.TryParse(count, out var iterations) || iterations < 1)
        {
            return false;
        }
        var salt = FromBase64(saltText);
        var expected = FromBase64(hashText);
        if (salt is null || expected is not { Length: > 0 })
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The secret's bytes, or null unless it is exactly the form <see cref="NewSecret"/> makes.</summary>
    private static byte[]? Decode(string? secret)
    {
        if (secret is not { Length: SecretLength } || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }
        var bytes = new byte[SecretBytes];
        // Base64url of 32 bytes leaves two spare bits in the last character; only the canonical spelling is the secret.
        return Base64Url.DecodeFromChars(secret, bytes, out _, out var written) == OperationStatus.Done
            && written == SecretBytes && Base64Url.EncodeToString(bytes) == secret
            ? bytes
            : null;
    }

    private static byte[]? FromBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A secret check's result; a match against a hash of the old slow form asks the caller to store the new one.</summary>
public enum SecretMatch
{
    None,
    Matches,
    MatchesLegacyHash,
}
