using StudentCard.Core.Cards;

namespace StudentCard.Core.Tests.Cards;

/// <summary>NIST SP 800-38B's AES-128 examples (D.1), the same as RFC 4493's.</summary>
public class AesCmacTests
{
    private const string Key = "2B7E151628AED2A6ABF7158809CF4F3C";
    private const string Plain64 =
        "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710";

    [Theory]
    [InlineData(0, "BB1D6929E95937287FA37D129B756746")]
    [InlineData(16, "070A16B46B4D4144F79BDD9DD04A287C")]
    [InlineData(40, "DFA66747DE9AE63030CA32611497C827")]
    [InlineData(64, "51F0BEBF7E3B9D92FC49741779363CFE")]
    public void Matches_the_published_AES_128_examples(int length, string expected)
    {
        using var cmac = new AesCmac(Convert.FromHexString(Key));

        var mac = cmac.Compute(Convert.FromHexString(Plain64)[..length]);

        Assert.Equal(expected, Convert.ToHexString(mac));
    }

    [Fact]
    public void A_zero_iv_is_the_standard_cmac_and_another_iv_changes_it()
    {
        using var cmac = new AesCmac(Convert.FromHexString(Key));
        var message = Convert.FromHexString(Plain64)[..40];

        Assert.Equal("DFA66747DE9AE63030CA32611497C827", Convert.ToHexString(cmac.Compute(message, new byte[16])));
        Assert.NotEqual("DFA66747DE9AE63030CA32611497C827", Convert.ToHexString(cmac.Compute(message, Enumerable.Repeat((byte)1, 16).ToArray())));
    }

    [Fact]
    public void Padding_to_two_blocks_equals_the_standard_cmac_of_a_message_that_needs_padding_anyway()
    {
        using var cmac = new AesCmac(Convert.FromHexString(Key));
        var message = Convert.FromHexString(Plain64)[..20];

        Assert.Equal(Convert.ToHexString(cmac.Compute(message)), Convert.ToHexString(cmac.ComputePaddedTo(message, 32)));
    }

    [Fact]
    public void Neither_the_cmac_nor_a_card_key_prints_key_bytes()
    {
        using var cmac = new AesCmac(Convert.FromHexString(Key));
        var key = new CardKey(Convert.FromHexString(Key));

        Assert.DoesNotContain(Key, cmac.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, Assert.Throws<ArgumentException>(() => new CardKey(Convert.FromHexString(Key)[..15])).Message, StringComparison.OrdinalIgnoreCase);
    }
}
