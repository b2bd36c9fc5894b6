using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;

namespace StudentCard.Core.Tests;

public class PseudonymDeriverTests
{
    private static readonly SecretKey Site = new(1, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly SecretKey GateV1 = new(1, Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
    private static readonly SecretKey GateV2 = new(2, Enumerable.Range(150, 32).Select(i => (byte)i).ToArray());
    private static readonly SecretKey BusV1 = new(1, Enumerable.Range(200, 32).Select(i => (byte)i).ToArray());
    private static readonly CardUid Uid = new([0x04, 0xA2, 0x2B, 0x7C, 0x11, 0x80, 0x5E]);

    [Fact]
    public void Pseudonym_is_32_lowercase_hex_and_stable()
    {
        var first = PseudonymDeriver.Pseudonym(Uid, ReaderType.Gate, Site, GateV1);
        var second = PseudonymDeriver.Pseudonym(new CardUid(Uid.Bytes), ReaderType.Gate, Site, GateV1);

        Assert.True(PurposePseudonym.IsWellFormed(first.Value));
        Assert.Equal(first, second);
        Assert.Equal(1, first.KeyVersion);
        Assert.Equal(ReaderType.Gate, first.Purpose);
    }

    [Fact]
    public void Encoding_is_pinned_by_a_known_answer()
    {
        // HMAC-SHA256 truncated to 16 bytes, lowercase hex, computed independently of the deriver.
        var token = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), new byte[] { 0x04, 0xA2, 0x2B, 0x7C, 0x11, 0x80, 0x5E })[..16]);
        var pseudonym = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Enumerable.Range(100, 32).Select(i => (byte)i).ToArray(), Convert.FromHexString(token))[..16]);

        Assert.Equal(token, PseudonymDeriver.CardToken(Uid, Site).Value);
        Assert.Equal(pseudonym, PseudonymDeriver.Pseudonym(Uid, ReaderType.Gate, Site, GateV1).Value);
    }

    [Fact]
    public void Same_card_has_unrelated_pseudonyms_per_purpose_and_key_version()
    {
        var gate1 = PseudonymDeriver.Pseudonym(Uid, ReaderType.Gate, Site, GateV1).Value;
        var gate2 = PseudonymDeriver.Pseudonym(Uid, ReaderType.Gate, Site, GateV2).Value;
        var bus = PseudonymDeriver.Pseudonym(Uid, ReaderType.Bus, Site, BusV1).Value;
        var token = PseudonymDeriver.CardToken(Uid, Site).Value;

        Assert.Equal(4, new[] { gate1, gate2, bus, token }.Distinct().Count());
    }

    [Fact]
    public void Different_cards_get_different_pseudonyms()
    {
        var roster = Synthetic.SyntheticRoster.Generate(500);
        var pseudonyms = roster.Select(s => PseudonymDeriver.Pseudonym(new CardUid(s.CardUid), ReaderType.Bus, Site, BusV1).Value).ToHashSet();
        Assert.Equal(500, pseudonyms.Count);
    }

    [Fact]
    public void Nothing_prints_a_uid_token_or_key()
    {
        var token = PseudonymDeriver.CardToken(Uid, Site);
        var texts = new[] { Uid.ToString(), token.ToString(), Site.ToString(), $"{Uid} {token} {Site}" };
        foreach (var text in texts)
        {
            Assert.DoesNotContain("A22B7C", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(token.Value, text);
            Assert.DoesNotContain(Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()), text);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(0)]
    [InlineData(11)]
    public void A_uid_of_the_wrong_length_is_refused(int length)
    {
        Assert.Throws<ArgumentException>(() => new CardUid(new byte[length]));
    }
}
