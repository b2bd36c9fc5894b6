using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Desfire;

/// <summary>Mutual authentication and secure messaging, driven by the reader-side host of this test project.</summary>
public sealed class DesfireAuthenticationTest
{
    private static readonly byte[] Uid = Hex.Bytes(DesfireRig.Uid);
    private static readonly byte[] AesKey = Hex.Bytes("00112233445566778899AABBCCDDEEFF");
    private static readonly byte[] OtherAesKey = Hex.Bytes("F0E1D2C3B4A5968778695A4B3C2D1E0F");

    [Fact]
    public void NativeAuthenticationWithFactoryKeyReadsTheRealUid()
    {
        using var rig = new DesfireRig();

        Assert.Equal(0x00, rig.Host.AuthenticateNative(0, new byte[16]));

        Assert.Equal(Uid, rig.Host.Deciphered([0x51], 7));
    }

    [Fact]
    public void IsoAuthenticationWithFactoryKeyStartsAnEv1Session()
    {
        using var rig = new DesfireRig();

        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[16]));

        Assert.Equal("0F-01", Hex.Dashed(rig.Host.Plain(0x45)));
        Assert.Equal(Uid, rig.Host.Deciphered([0x51], 7));
        Assert.Equal("00-10-00", Hex.Dashed(rig.Host.Plain(0x6E)));
    }

    [Fact]
    public void AesAuthenticationInAnApplicationKeepsCmacChainAcrossCommands()
    {
        using var rig = AesApplication();

        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));

        Assert.Equal("0F-82", Hex.Dashed(rig.Host.Plain(0x45)));
        Assert.Equal("00", Hex.Dashed(rig.Host.Plain(0x64, 0x01)));
        Assert.Equal(Uid, rig.Host.Deciphered([0x51], 7));
        var version = rig.Host.Plain(0x60);
        Assert.Equal("04-01-01-01-00-18-05-04-01-01-01-04-18-05-04-11-22-33-44-55-66", Hex.Dashed(version[..21]));
    }

    [Fact]
    public void IsoWrappedCommandsCarryTheSameAuthenticationAndSecureMessaging()
    {
        using var rig = AesApplication();
        var wrapped = new DesfireHost(command =>
        {
            byte[] apdu = command.Length > 1
                ? [0x90, command[0], 0x00, 0x00, (byte)(command.Length - 1), .. command[1..], 0x00]
                : [0x90, command[0], 0x00, 0x00, 0x00];
            var answer = rig.Send(apdu);
            Assert.Equal(0x91, answer[^2]);
            return [answer[^1], .. answer[..^2]];
        });

        Assert.Equal(0x00, wrapped.AuthenticateAes(0, new byte[16]));
        Assert.Equal(0x00, wrapped.ChangeKey(0x01, 1, 0, AesKey, new byte[16], 0x10, aes: true));
        Assert.Equal(Uid, wrapped.Deciphered([0x51], 7));
        Assert.Equal(0x00, rig.Host.AuthenticateAes(1, AesKey));
    }

    [Theory]
    [InlineData(0xAA, "AE")]
    [InlineData(0x1A, "AE")]
    [InlineData(0x0A, "AE")]
    public void WrongKeyIsRefusedAtTheSecondPass(byte code, string status)
    {
        using var rig = AesApplication();
        var wrong = code == 0xAA ? OtherAesKey : Hex.Bytes("00112233445566778899AABBCCDDEEFF");
        if (code != 0xAA)
        {
            rig.Send("5A 00 00 00");
        }

        var result = code switch
        {
            0xAA => rig.Host.AuthenticateAes(0, wrong),
            0x1A => rig.Host.AuthenticateIso(0, wrong),
            _ => rig.Host.AuthenticateNative(0, wrong),
        };

        Assert.Equal(status, Hex.Dashed([result]));
        Assert.Equal("AE", rig.Send("51"));
    }

    [Fact]
    public void ChangesAnotherKeyAndThenTheSessionKeyItself()
    {
        using var rig = AesApplication();
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));

        Assert.Equal(0x00, rig.Host.ChangeKey(0x01, 1, 0, AesKey, new byte[16], 0x42, aes: true));
        Assert.Equal("42", Hex.Dashed(rig.Host.Plain(0x64, 0x01)));

        Assert.Equal(0x00, rig.Host.ChangeKey(0x00, 0, 0, OtherAesKey, new byte[16], 0x07, aes: true));
        Assert.Equal("AE", rig.Send("51"));

        Assert.Equal(0xAE, rig.Host.AuthenticateAes(0, new byte[16]));
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, OtherAesKey));
        Assert.Equal("07", Hex.Dashed(rig.Host.Plain(0x64, 0x00)));
        Assert.Equal(0x00, rig.Host.AuthenticateAes(1, AesKey));
    }

    [Fact]
    public void ChangeKeyWithABadCrcIsAnIntegrityErrorAndChangesNothing()
    {
        using var rig = AesApplication();
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));

        Assert.Equal("7E", rig.Send("C4 01 00"));
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));
        Assert.Equal("1E", rig.Send("C4 01 " + new string('0', 64)));
        Assert.Equal("AE", rig.Send("51"));

        Assert.Equal(0x00, rig.Host.AuthenticateAes(1, new byte[16]));
    }

    [Fact]
    public void KeyOneCannotChangeTheMasterKey()
    {
        using var rig = AesApplication();
        Assert.Equal(0x00, rig.Host.AuthenticateAes(1, new byte[16]));

        Assert.Equal(0xAE, rig.Host.ChangeKey(0x00, 0, 1, AesKey, new byte[16], 0, aes: true));
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));
    }

    [Fact]
    public void PiccMasterKeyBecomesAesThroughChangeKeyTypeBits()
    {
        using var rig = new DesfireRig();
        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[16]));

        Assert.Equal(0x00, rig.Host.ChangeKey(0x80, 0, 0, AesKey, new byte[16], 0x01, aes: true));

        Assert.Equal(0xAE, rig.Host.AuthenticateIso(0, new byte[16]));
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, AesKey));
        Assert.Equal("0F-81", Hex.Dashed(rig.Host.Plain(0x45)));
    }

    [Fact]
    public void ThreeKeyTdesKeysChangeInAnEv1Session()
    {
        using var rig = new DesfireRig();
        var key = Hex.Bytes("00112233445566778899AABBCCDDEEFF0123456789ABCDEF");
        var other = Hex.Bytes("FEDCBA98765432100F1E2D3C4B5A6978FFEEDDCCBBAA9988");
        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[16]));

        Assert.Equal(0x00, rig.Host.ChangeKey(0x40, 0, 0, key, new byte[16], 0, aes: false));
        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, key));
        Assert.Equal("0F-41", Hex.Dashed(rig.Host.Plain(0x45)));
        rig.Host.Plain(0xCA, 0x03, 0x00, 0x00, 0x0F, 0x42);
        rig.Send("5A 03 00 00");
        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[24]));
        Assert.Equal(0x00, rig.Host.ChangeKey(0x01, 1, 0, other, new byte[24], 0, aes: false));

        Assert.Equal(0x00, rig.Host.AuthenticateIso(1, other));
        Assert.Equal(0xAE, rig.Host.AuthenticateIso(1, key));
    }

    [Fact]
    public void NativeSessionChangesADesKeyWithCrc16()
    {
        using var rig = new DesfireRig();
        rig.Send("CA 02 00 00 0F 02");
        rig.Send("5A 02 00 00");
        Assert.Equal(0x00, rig.Host.AuthenticateNative(0, new byte[16]));
        var newKey = Hex.Bytes("0123456789ABCDEF1032547698BADCFE");

        Assert.Equal(0x00, rig.Host.ChangeKey(0x01, 1, 0, newKey, new byte[16], 0, aes: false));

        Assert.Equal(0xAE, rig.Host.AuthenticateNative(1, new byte[16]));
        Assert.Equal(0x00, rig.Host.AuthenticateNative(1, newKey));
        Assert.Equal(0x00, rig.Host.AuthenticateIso(1, newKey));
    }

    [Fact]
    public void ThreeKeyTdesApplicationAuthenticatesWithIso()
    {
        using var rig = new DesfireRig();
        rig.Send("CA 03 00 00 0F 42");
        rig.Send("5A 03 00 00");

        Assert.Equal("AE", rig.Send("0A 00"));
        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[24]));
        Assert.Equal(24, rig.Host.SessionKey.Length);
        Assert.Equal("0F-42", Hex.Dashed(rig.Host.Plain(0x45)));
        Assert.Equal(Uid, rig.Host.Deciphered([0x51], 7));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x01)]
    [InlineData(0x03)]
    public void FileCommunicationModesRoundTrip(byte communication)
    {
        using var rig = AesApplication();
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));
        rig.Host.Plain(0xCD, 0x01, communication, 0x00, 0x00, 0x80, 0x00, 0x00);
        var data = Enumerable.Range(0, 100).Select(i => (byte)(i * 7)).ToArray();
        byte[] header = [0x3D, 0x01, 0x05, 0x00, 0x00, 0x64, 0x00, 0x00];

        var status = communication switch
        {
            0x03 => rig.Host.Enciphered(header, data),
            0x01 => rig.Host.Maced(header, data),
            _ => Plain(rig.Host, [.. header, .. data]),
        };

        Assert.Equal(0x00, status);
        byte[] read = [0xBD, 0x01, 0x05, 0x00, 0x00, 0x64, 0x00, 0x00];
        Assert.Equal(Hex.Dashed(data), Hex.Dashed(communication == 0x03 ? rig.Host.Deciphered(read, 100) : rig.Host.Plain(read)));
    }

    [Fact]
    public void MacedWriteWithAWrongMacIsAnIntegrityErrorAndEndsTheSession()
    {
        using var rig = AesApplication();
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));
        rig.Host.Plain(0xCD, 0x01, 0x01, 0x00, 0x00, 0x20, 0x00, 0x00);

        Assert.Equal("1E", rig.Send("3D 01 00 00 00 02 00 00 AA BB 00 00 00 00 00 00 00 00"));
        Assert.Equal("AE", rig.Send("BD 01 00 00 00 02 00 00"));
    }

    [Fact]
    public void NativeSessionReadsMacedAndEncipheredFiles()
    {
        using var rig = new DesfireRig();
        rig.Send("CA 02 00 00 0F 02");
        rig.Send("5A 02 00 00");
        rig.Send("CD 01 03 00 00 20 00 00");
        rig.Send("CD 02 01 00 00 20 00 00");
        Assert.Equal(0x00, rig.Host.AuthenticateNative(0, new byte[16]));
        var data = Hex.Bytes("0102030405060708090A");

        Assert.Equal(0x00, rig.Host.Enciphered([0x3D, 0x01, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00], data));
        Assert.Equal(0x00, rig.Host.Maced([0x3D, 0x02, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00], data));

        Assert.Equal(data, rig.Host.Deciphered([0xBD, 0x01, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00], 10));
        var maced = rig.Host.Plain(0xBD, 0x02, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00);
        Assert.Equal(Hex.Dashed(data), Hex.Dashed(maced[..10]));
        Assert.Equal(14, maced.Length);
    }

    [Fact]
    public void ChangeKeySettingsCanFreezeTheConfiguration()
    {
        using var rig = AesApplication();
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));

        Assert.Equal(0x00, rig.Host.Enciphered([0x54], [0x01]));
        Assert.Equal("01-82", Hex.Dashed(rig.Host.Plain(0x45)));

        Assert.Equal(0x9D, rig.Host.Enciphered([0x54], [0x0F]));
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));
        Assert.Equal("01-82", Hex.Dashed(rig.Host.Plain(0x45)));
    }

    [Fact]
    public void DefaultKeyFromSetConfigurationSeedsNewApplications()
    {
        using var rig = new DesfireRig();
        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[16]));
        byte[] defaultKey = [.. AesKey, .. new byte[8], 0x05];

        Assert.Equal(0x00, rig.Host.Enciphered([0x5C, 0x01], defaultKey));
        rig.Host.Plain(0xCA, 0x04, 0x00, 0x00, 0x0F, 0x81);
        rig.Send("5A 04 00 00");

        Assert.Equal("00-05", rig.Send("64 00"));
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, AesKey));
    }

    [Fact]
    public void FormatPiccRemovesApplicationsAndFreesMemory()
    {
        using var rig = AesApplication();
        rig.Send("CD 01 00 EE EE 00 01 00");
        rig.Send("5A 00 00 00");
        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[16]));

        Assert.Equal("00-0F-00", Hex.Dashed(rig.Host.Plain(0x6E)));
        rig.Host.Plain(0xFC);

        Assert.Equal(string.Empty, Hex.Dashed(rig.Host.Plain(0x6A)));
        Assert.Equal("00-10-00", Hex.Dashed(rig.Host.Plain(0x6E)));
    }

    [Fact]
    public void KeysPersistAcrossTaps()
    {
        using var rig = AesApplication();
        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, new byte[16]));
        Assert.Equal(0x00, rig.Host.ChangeKey(0x00, 0, 0, AesKey, new byte[16], 0x01, aes: true));

        rig.Rig.Field.Remove(Uid);
        rig.Rig.Field.Present(DesfireRig.Card);
        rig.Activate();
        rig.Send("5A 01 00 00");

        Assert.Equal(0x00, rig.Host.AuthenticateAes(0, AesKey));
    }

    [Fact]
    public void CardRemovedMidAuthenticationAnswersTimeoutThenForgetsTheHalfDoneAuthentication()
    {
        using var rig = AesApplication();
        Assert.Equal(0xAF, rig.Send(Hex.Bytes("AA00"))[0]);

        rig.Rig.Field.Remove(Uid);

        Assert.Equal("D5-41-01", Hex.Dashed(rig.Rig.Exchange("D4 40 01 AF " + new string('0', 64))));
        rig.Rig.Field.Present(DesfireRig.Card);
        rig.Activate();
        Assert.Equal("1C", rig.Send("AF " + new string('0', 64)));
    }

    [Fact]
    public void RandomUidChangesAtEachActivationWhileGetCardUidStaysTheRealOne()
    {
        using var rig = new DesfireRig();
        Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[16]));
        Assert.Equal(0x00, rig.Host.Enciphered([0x5C, 0x00], [0x02]));

        var first = rig.Activate();
        var second = rig.Activate();

        foreach (var activation in new[] { first, second })
        {
            // NbTg, Tg, ATQA 03 04, SAK 20, 4-byte UID starting with 08, then the ATS.
            Assert.Equal("01-01-03-04-20-04-08", Hex.Dashed(activation[..7]));
            Assert.Equal("06-75-77-81-02-80", Hex.Dashed(activation[10..]));
            Assert.Equal(0x00, rig.Host.AuthenticateIso(0, new byte[16]));
            Assert.Equal(Uid, rig.Host.Deciphered([0x51], 7));
        }

        Assert.NotEqual(Hex.Dashed(first[6..10]), Hex.Dashed(second[6..10]));
    }

    private static byte Plain(DesfireHost host, byte[] command)
    {
        host.Plain(command);
        return 0x00;
    }

    private static DesfireRig AesApplication()
    {
        var rig = new DesfireRig();
        Assert.Equal("00", rig.Send("CA 01 00 00 0F 82"));
        Assert.Equal("00", rig.Send("5A 01 00 00"));
        return rig;
    }
}
