using StudentCard.Core.Cards;
using StudentCard.Core.Identifiers;

namespace StudentCard.Core.Tests.Cards;

/// <summary>NXP AN10922's worked AES-128 example (§2.2.1): master key, UID, AID, system identifier "NXP Abu".</summary>
public class CardKeyDiversifierTests
{
    private const string Master = "00112233445566778899AABBCCDDEEFF";
    private const string Uid = "04782E21801D80";
    private static readonly byte[] Aid = Convert.FromHexString("3042F5");
    private static readonly byte[] SystemIdentifier = Convert.FromHexString("4E585020416275");

    [Fact]
    public void Matches_the_application_note_example()
    {
        var diversifier = new CardKeyDiversifier(new CardKey(Convert.FromHexString(Master)), Aid, SystemIdentifier);

        var key = diversifier.Diversify(new CardUid(Convert.FromHexString(Uid)));

        Assert.Equal("A8DD63A3B89D54B37CA802473FDA9175", Convert.ToHexString(key.Material));
    }

    [Fact]
    public void The_input_is_padded_to_two_blocks_even_when_it_fills_one()
    {
        // 0x01 ‖ 7-byte UID ‖ AID ‖ 5-byte identifier = 16 bytes: AN10922 still pads to 32 and uses K2.
        var master = new CardKey(Convert.FromHexString(Master));
        var identifier = SystemIdentifier[..5];
        var diversifier = new CardKeyDiversifier(master, Aid, identifier);
        using var cmac = new AesCmac(master.Material);
        byte[] input = [0x01, .. Convert.FromHexString(Uid), .. Aid, .. identifier];

        var key = diversifier.Diversify(Convert.FromHexString(Uid));

        Assert.Equal(Convert.ToHexString(cmac.ComputePaddedTo(input, 32)), Convert.ToHexString(key.Material));
        Assert.NotEqual(Convert.ToHexString(cmac.Compute(input)), Convert.ToHexString(key.Material));
    }

    [Fact]
    public void Each_card_gets_its_own_key()
    {
        var diversifier = new CardKeyDiversifier(new CardKey(Convert.FromHexString(Master)), Aid, SystemIdentifier);

        var one = diversifier.Diversify(Convert.FromHexString(Uid));
        var other = diversifier.Diversify(Convert.FromHexString("04782E21801D81"));

        Assert.False(one.SameAs(other));
    }

    [Fact]
    public void Too_long_an_input_is_refused_without_echoing_it()
    {
        var diversifier = new CardKeyDiversifier(new CardKey(Convert.FromHexString(Master)), Aid, new byte[22]);

        var ex = Assert.Throws<ArgumentException>(() => diversifier.Diversify(Convert.FromHexString(Uid)));

        Assert.DoesNotContain(Uid, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Master, diversifier.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
