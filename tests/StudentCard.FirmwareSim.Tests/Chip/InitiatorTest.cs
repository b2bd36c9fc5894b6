using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Chip;

public sealed class InitiatorTest
{
    private const string Classic = "04A1B2C3";
    private const string Ntag = "04112233445566";

    [Fact]
    public void WaitsForCardWithInfiniteRetriesAndAnswersWhenOneArrives()
    {
        using var rig = new ChipRig();

        Assert.Equal(ChipRig.Ack, rig.Command("D4 4A 01 00"));

        rig.Field.Present(SimulatedCard.FromHex(Classic));

        Assert.Equal("00-00-FF-0C-F4-D5-4B-01-01-00-04-08-04-04-A1-B2-C3-B4-00", rig.Output.TakeHex());
    }

    [Fact]
    public void AckFromHostAbortsWaitForCard()
    {
        using var rig = new ChipRig();
        rig.Command("D4 4A 01 00");

        Assert.Equal(string.Empty, rig.SendRaw(ChipRig.Ack));
        rig.Field.Present(SimulatedCard.FromHex(Classic));

        Assert.Equal(string.Empty, rig.Output.TakeHex());
    }

    [Fact]
    public void NewCommandSupersedesWaitForCard()
    {
        using var rig = new ChipRig();
        rig.Command("D4 4A 01 00");

        Assert.Equal(new byte[] { 0xD5, 0x03, 0x32, 0x01, 0x06, 0x07 }, rig.Exchange("D4 02"));
        rig.Field.Present(SimulatedCard.FromHex(Classic));

        Assert.Equal(string.Empty, rig.Output.TakeHex());
    }

    [Fact]
    public void AnswersNoTargetAtOnceWhenRetriesAreFinite()
    {
        using var rig = new ChipRig();
        rig.Exchange("D4 32 05 FF 01 00");

        Assert.Equal(new byte[] { 0xD5, 0x4B, 0x00 }, rig.Exchange("D4 4A 01 00"));
    }

    [Fact]
    public void ReadsFourNtagPages()
    {
        using var rig = ListedCard(Ntag);

        var reply = rig.Exchange("D4 40 01 30 00");

        // Page 0: UID0-2 + BCC0 (0x88 ^ 04 ^ 11 ^ 22); page 1: UID3-6; page 2: BCC1, internal, lock bytes; page 3: NDEF capability container.
        Assert.Equal(Hex.Bytes("D5 41 00 04 11 22 BF 33 44 55 66 44 48 00 00 E1 10 12 00"), reply);
    }

    [Fact]
    public void KeepsNtagWritesAcrossTaps()
    {
        using var rig = ListedCard(Ntag);
        Assert.Equal(Hex.Bytes("D5 41 00"), rig.Exchange("D4 40 01 A2 05 DE AD BE EF"));
        rig.Field.Remove(Hex.Bytes(Ntag));
        rig.Field.Present(SimulatedCard.FromHex(Ntag));
        rig.Exchange("D4 4A 01 00");

        var reply = rig.Exchange("D4 40 01 30 05");

        Assert.Equal(Hex.Bytes("DE AD BE EF"), reply[3..7]);
    }

    [Fact]
    public void AnswersGetVersionThroughCommunicateThru()
    {
        using var rig = ListedCard(Ntag);

        Assert.Equal(Hex.Bytes("D5 43 00 00 04 04 02 01 00 0F 03"), rig.Exchange("D4 42 60"));
    }

    [Fact]
    public void ReadsClassicBlockAfterAuthenticationWithTransportKey()
    {
        using var rig = ListedCard(Classic);

        Assert.Equal(Hex.Bytes("D5 41 00"), rig.Exchange("D4 40 01 60 04 FF FF FF FF FF FF 04 A1 B2 C3"));
        var reply = rig.Exchange("D4 40 01 30 04");

        Assert.Equal(Hex.Bytes("D5 41 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"), reply);
    }

    [Fact]
    public void RefusesClassicAuthenticationWithWrongKey()
    {
        using var rig = ListedCard(Classic);

        Assert.Equal(Hex.Bytes("D5 41 14"), rig.Exchange("D4 40 01 60 04 A0 A1 A2 A3 A4 A5 04 A1 B2 C3"));
        Assert.Equal(Hex.Bytes("D5 41 14"), rig.Exchange("D4 40 01 30 04"));
    }

    [Fact]
    public void AnswersTimeoutWhenCardLeftTheField()
    {
        using var rig = ListedCard(Ntag);
        rig.Field.Remove(Hex.Bytes(Ntag));

        Assert.Equal(Hex.Bytes("D5 41 01"), rig.Exchange("D4 40 01 30 00"));
    }

    [Fact]
    public void DoesNotReviveTargetWhenCardComesBack()
    {
        using var rig = ListedCard(Ntag);
        rig.Field.Remove(Hex.Bytes(Ntag));
        rig.Field.Present(SimulatedCard.FromHex(Ntag));

        Assert.Equal(Hex.Bytes("D5 41 01"), rig.Exchange("D4 40 01 30 00"));
    }

    [Fact]
    public void CardVanishesOnFirstExchange()
    {
        using var rig = new ChipRig();
        rig.Field.PresentUntilExchange(SimulatedCard.FromHex(Ntag));
        rig.Exchange("D4 4A 01 00");

        Assert.Equal(Hex.Bytes("D5 41 01"), rig.Exchange("D4 40 01 30 00"));
        Assert.Empty(rig.Field.Cards);
        Assert.Equal(Hex.Bytes("D5 41 01"), rig.Exchange("D4 40 01 30 00"));
    }

    [Fact]
    public void ExchangesWithSecondTargetByNumber()
    {
        using var rig = new ChipRig();
        rig.Field.Present(SimulatedCard.FromHex(Classic));
        rig.Field.Present(SimulatedCard.FromHex(Ntag));
        rig.Exchange("D4 4A 02 00");

        Assert.Equal(Hex.Bytes("D5 41 00 04 11 22 BF"), rig.Exchange("D4 40 02 30 00")[..7]);
        Assert.Equal(Hex.Bytes("D5 41 27"), rig.Exchange("D4 40 03 30 00"));
    }

    [Fact]
    public void ReleasedTargetIsUnknown()
    {
        using var rig = ListedCard(Ntag);

        Assert.Equal(Hex.Bytes("D5 53 00"), rig.Exchange("D4 52 01"));
        Assert.Equal(Hex.Bytes("D5 41 27"), rig.Exchange("D4 40 01 30 00"));
    }

    [Fact]
    public void DeselectedTargetNeedsInSelect()
    {
        using var rig = ListedCard(Ntag);

        Assert.Equal(Hex.Bytes("D5 45 00"), rig.Exchange("D4 44 01"));
        Assert.Equal(Hex.Bytes("D5 41 27"), rig.Exchange("D4 40 01 30 00"));
        Assert.Equal(Hex.Bytes("D5 55 00"), rig.Exchange("D4 54 01"));
        Assert.Equal(0x00, rig.Exchange("D4 40 01 30 00")[2]);
    }

    [Fact]
    public void GeneralStatusListsActiveTargetAndLastError()
    {
        using var rig = ListedCard(Ntag);
        rig.Field.Remove(Hex.Bytes(Ntag));
        rig.Exchange("D4 40 01 30 00");

        Assert.Equal(Hex.Bytes("D5 05 01 00 01 01 00 00 00 00"), rig.Exchange("D4 04"));
    }

    private static ChipRig ListedCard(string uid)
    {
        var rig = new ChipRig();
        rig.Field.Present(SimulatedCard.FromHex(uid));
        Assert.Equal(0x01, rig.Exchange("D4 4A 01 00")[2]);
        return rig;
    }
}
