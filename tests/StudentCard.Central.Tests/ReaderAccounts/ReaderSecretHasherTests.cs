using System.Security.Cryptography;
using System.Text;
using StudentCard.Central.ReaderAccounts;

namespace StudentCard.Central.Tests.ReaderAccounts;

public sealed class ReaderSecretHasherTests
{
    private static readonly string Secret = ReaderSecretHasher.NewSecret();
    private static readonly string Stored = ReaderSecretHasher.Hash(Secret);

    [Fact]
    public void New_secrets_are_256_random_bits_in_43_base64url_characters()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => ReaderSecretHasher.NewSecret()).ToList();

        Assert.All(secrets, s => Assert.Matches("^[A-Za-z0-9_-]{43}$", s));
        Assert.Equal(100, secrets.Distinct().Count());
        Assert.Equal(SecretMatch.Matches, ReaderSecretHasher.Verify(Secret, Stored));
    }

    [Fact]
    public void A_wrong_secret_of_the_right_form_is_refused() =>
        Assert.Equal(SecretMatch.None, ReaderSecretHasher.Verify(ReaderSecretHasher.NewSecret(), Stored));

    public static TheoryData<string?> Malformed() => new()
    {
        null,
        "",
        Secret[..^1],
        Secret[..20],
        Secret + "A",
        Secret + "=",
        " " + Secret[1..],
        Secret[..^1] + "+",
        Secret[..^1] + "/",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_truncated_padded_or_otherwise_malformed_secret_is_refused(string? presented) =>
        Assert.Equal(SecretMatch.None, ReaderSecretHasher.Verify(presented, Stored));

    [Fact]
    public void Only_the_canonical_spelling_of_the_secret_matches()
    {
        // The 43rd character carries 4 data bits and 2 spare ones: flipping a spare bit decodes to the same bytes.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(Secret[^1]);
        var sameBytes = Secret[..^1] + alphabet[last ^ 1];

        Assert.Equal(SecretMatch.None, ReaderSecretHasher.Verify(sameBytes, Stored));
    }

    [Fact]
    public void A_PBKDF2_hash_of_an_older_store_matches_its_secret_and_asks_to_be_replaced()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var legacy = $"pbkdf2-sha256$10000${Convert.ToBase64String(salt)}$" +
            Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Secret), salt, 10_000, HashAlgorithmName.SHA256, 32));

        Assert.Equal(SecretMatch.MatchesLegacyHash, ReaderSecretHasher.Verify(Secret, legacy));
        Assert.Equal(SecretMatch.None, ReaderSecretHasher.Verify(ReaderSecretHasher.NewSecret(), legacy));
        Assert.Equal(SecretMatch.None, ReaderSecretHasher.Verify(Secret[..^1], legacy));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256$")]
    [InlineData("sha256$not base64")]
    [InlineData("md5$abc")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    public void A_stored_value_of_no_known_form_matches_nothing(string stored) =>
        Assert.Equal(SecretMatch.None, ReaderSecretHasher.Verify(Secret, stored));
}
