using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Desfire;

/// <summary>Answers of a factory-fresh DESFire EV1 to single commands, native and ISO 7816-4 wrapped, byte for byte.</summary>
public sealed class DesfireCommandTest
{
    [Fact]
    public void ActivationReportsAtqaSakUidAndAts()
    {
        using var rig = new DesfireRig();

        // NbTg, Tg, SENS_RES, SEL_RES, NFCIDLength, NFCID1, ATSLength (TL) + ATS.
        Assert.Equal("01-01-03-44-20-07-04-11-22-33-44-55-66-06-75-77-81-02-80", Hex.Dashed(rig.Activation));
    }

    [Theory]
    [InlineData("60", "AF-04-01-01-01-00-18-05")]
    [InlineData("6A", "00")]
    [InlineData("45", "00-0F-01")]
    [InlineData("64 00", "00-00")]
    [InlineData("6E", "00-00-10-00")]
    [InlineData("5A 00 00 00", "00")]
    [InlineData("5A 01 00 00", "A0")]
    [InlineData("CA 01 00 00 0F 82", "00")]
    [InlineData("51", "AE")]
    [InlineData("FC", "AE")]
    [InlineData("DA 01 00 00", "AE")]
    [InlineData("AA 00", "AE")]
    [InlineData("AA 01", "40")]
    [InlineData("64 01", "40")]
    [InlineData("CD 01 00 EE EE 20 00 00", "9D")]
    [InlineData("BD 01 00 00 00 00 00 00", "F0")]
    [InlineData("CA 00 00 00 0F 82", "9E")]
    [InlineData("CA 01 00 00 0F 80", "9E")]
    [InlineData("CA 01 00 00 0F C2", "9E")]
    [InlineData("5A 01 00", "7E")]
    [InlineData("45 00", "7E")]
    [InlineData("AA", "7E")]
    [InlineData("CA 01 00 00 0F", "7E")]
    [InlineData("60 00", "7E")]
    [InlineData("AF", "1C")]
    [InlineData("FF", "1C")]
    public void AnswersSingleCommand(string command, string answer)
    {
        using var rig = new DesfireRig();

        Assert.Equal(answer, rig.Send(command));
    }

    [Theory]
    [InlineData("90 60 00 00 00", "04-01-01-01-00-18-05-91-AF")]
    [InlineData("90 6E 00 00 00", "00-10-00-91-00")]
    [InlineData("90 5A 00 00 03 01 00 00 00", "91-A0")]
    [InlineData("90 5A 00 00 03 00 00 00 00", "91-00")]
    [InlineData("90 5A 00 00 03 01 00 00", "67-00")]
    [InlineData("90 5A 00 00 02 01 00 00 00", "67-00")]
    [InlineData("90 5A 01 00 03 00 00 00 00", "6A-86")]
    [InlineData("90 60 00", "67-00")]
    public void AnswersIsoWrappedCommand(string apdu, string answer)
    {
        using var rig = new DesfireRig();

        Assert.Equal(answer, rig.Send(apdu));
    }

    [Fact]
    public void GetVersionComesInThreeFrames()
    {
        using var rig = new DesfireRig();

        Assert.Equal("AF-04-01-01-01-00-18-05", rig.Send("60"));
        Assert.Equal("AF-04-01-01-01-04-18-05", rig.Send("AF"));
        Assert.Equal("00-04-11-22-33-44-55-66-BA-65-4C-31-20-14-26", rig.Send("AF"));
        Assert.Equal("1C", rig.Send("AF"));
    }

    [Theory]
    [InlineData("60")]
    [InlineData("AA 00")]
    [InlineData("0A 00")]
    public void AnotherCommandWhileFramesAreDueIsAbortedWithCa(string first)
    {
        using var rig = new DesfireRig();
        rig.Send("CA 01 00 00 0F 82");
        rig.Send("5A 01 00 00");
        if (first == "0A 00")
        {
            rig.Send("5A 00 00 00");
        }

        Assert.Equal("AF", rig.Send(first)[..2]);

        Assert.Equal("CA", rig.Send("6E"));
        Assert.Equal("1C", rig.Send("AF"));
        Assert.Equal("00-00-10-00", rig.Send("6E"));
    }

    [Fact]
    public void TwentyEightApplicationsAtMost()
    {
        using var rig = new DesfireRig();
        for (var aid = 1; aid <= 28; aid++)
        {
            Assert.Equal("00", rig.Send($"CA {aid:X2} 00 00 0F 81"));
        }

        Assert.Equal("CE", rig.Send("CA 1D 00 00 0F 81"));
    }

    [Fact]
    public void IsoWrappedGetVersionContinuesWithInsAf()
    {
        using var rig = new DesfireRig();
        rig.Send("90 60 00 00 00");

        Assert.Equal("04-01-01-01-04-18-05-91-AF", rig.Send("90 AF 00 00 00"));
        Assert.Equal("04-11-22-33-44-55-66-BA-65-4C-31-20-14-26-91-00", rig.Send("90 AF 00 00 00"));
    }

    [Fact]
    public void ListsCreatedApplicationsAndDeletesThemWithPiccMasterKey()
    {
        using var rig = new DesfireRig();
        Assert.Equal("00", rig.Send("CA 01 00 00 0F 82"));
        Assert.Equal("00", rig.Send("CA 56 34 12 0B 43"));
        Assert.Equal("DE", rig.Send("CA 01 00 00 0F 82"));

        Assert.Equal("00-01-00-00-56-34-12", rig.Send("6A"));
        Assert.Equal("00", rig.Send("5A 56 34 12"));
        Assert.Equal("00-0B-43", rig.Send("45"));

        rig.Send("5A 00 00 00");
        Assert.Equal(0x00, rig.Host.AuthenticateNative(0, new byte[16]));
        Assert.Equal("00", rig.Send("DA 56 34 12"));
        Assert.Equal("A0", rig.Send("DA 56 34 12"));
        Assert.Equal(0x00, rig.Host.AuthenticateNative(0, new byte[16]));
        Assert.Equal("00-01-00-00", rig.Send("6A"));
    }

    [Fact]
    public void ReadsAndWritesAFreePlainFile()
    {
        using var rig = new DesfireRig();
        rig.Send("CA 01 00 00 0F 82");
        rig.Send("5A 01 00 00");
        Assert.Equal("00", rig.Send("CD 02 00 EE EE 40 00 00"));
        Assert.Equal("DE", rig.Send("CD 02 00 EE EE 40 00 00"));
        Assert.Equal("00-C0-0F-00", rig.Send("6E"));

        Assert.Equal("00", rig.Send("3D 02 03 00 00 04 00 00 DE AD BE EF"));
        Assert.Equal("00-00-DE-AD-BE-EF-00", rig.Send("BD 02 02 00 00 06 00 00"));
        Assert.Equal("BE", rig.Send("BD 02 3E 00 00 04 00 00"));
        Assert.Equal("BE", rig.Send("3D 02 3F 00 00 02 00 00 01 02"));
        Assert.Equal("7E", rig.Send("3D 02 00 00 00 02 00 00 01 02 03"));
    }

    [Fact]
    public void ListsFilesAndTheirSettings()
    {
        using var rig = new DesfireRig();
        rig.Send("CA 01 00 00 0D 82");
        rig.Send("5A 01 00 00");
        Assert.Equal("00", rig.Send("CD 07 03 12 34 00 01 00"));
        Assert.Equal("00", rig.Send("CD 02 01 EE EE 20 00 00"));

        Assert.Equal("AE", rig.Send("6F"));
        rig.Send("5A 01 00 00");
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));
        Assert.Equal("02-07", Hex.Dashed(rig.Host.Plain(0x6F)));
        Assert.Equal("00-03-12-34-00-01-00", Hex.Dashed(rig.Host.Plain(0xF5, 0x07)));
        Assert.Equal("F0", rig.Send("F5 05"));
    }

    [Fact]
    public void LongReadsComeInFramesOf59Bytes()
    {
        using var rig = new DesfireRig();
        rig.Send("CA 01 00 00 0F 82");
        rig.Send("5A 01 00 00");
        rig.Send("CD 02 00 EE EE 64 00 00");

        var first = Hex.Bytes(rig.Send("BD 02 00 00 00 00 00 00"));
        var second = Hex.Bytes(rig.Send("AF"));

        Assert.Equal((0xAF, 60, 0x00, 42), (first[0], first.Length, second[0], second.Length));
    }

    [Fact]
    public void KeyedFileNeedsAuthenticationAndNeverIsDenied()
    {
        using var rig = new DesfireRig();
        rig.Send("CA 01 00 00 0F 82");
        rig.Send("5A 01 00 00");
        rig.Send("CD 01 03 11 11 20 00 00");
        rig.Send("CD 03 00 FF FF 20 00 00");

        Assert.Equal("AE", rig.Send("BD 01 00 00 00 04 00 00"));
        Assert.Equal("AE", rig.Send("3D 01 00 00 00 01 00 00 AA"));
        Assert.Equal("9D", rig.Send("BD 03 00 00 00 04 00 00"));
        Assert.Equal("AE", rig.Send("C4 01 00"));
        Assert.Equal("AE", rig.Send("54 00"));
        Assert.Equal("AE", rig.Send("5C 00 00"));
    }
}
