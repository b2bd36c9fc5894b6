using StudentCard.FirmwareSim.Cards.Desfire;
using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Desfire;

public sealed class CryptoTest
{
    private const string NistAesKey = "2B7E151628AED2A6ABF7158809CF4F3C";

    [Theory]
    [InlineData("", "BB-1D-69-29-E9-59-37-28-7F-A3-7D-12-9B-75-67-46")]
    [InlineData("6BC1BEE22E409F96E93D7E117393172A", "07-0A-16-B4-6B-4D-41-44-F7-9B-DD-9D-D0-4A-28-7C")]
    [InlineData("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411", "DF-A6-67-47-DE-9A-E6-30-30-CA-32-61-14-97-C8-27")]
    [InlineData("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710", "51-F0-BE-BF-7E-3B-9D-92-FC-49-74-17-79-36-3C-FE")]
    public void CmacMatchesNistSp800_38BAes128Examples(string message, string mac)
    {
        var cipher = new AesBlockCipher(Hex.Bytes(NistAesKey));

        Assert.Equal(mac, Hex.Dashed(Cmac.Compute(cipher, new byte[16], Hex.Bytes(message))));
        Assert.Equal(mac, Hex.Dashed(HostCmac.Mac(HostCipher.Aes(Hex.Bytes(NistAesKey)), new byte[16], Hex.Bytes(message))));
    }

    // Known answers of single DES on a zero block (FIPS 81 style checks, confirmed with OpenSSL's legacy provider).
    [Theory]
    [InlineData("0000000000000000", "8C-A6-4D-E9-C1-B1-23-A7")]
    [InlineData("FEFEFEFEFEFEFEFE", "CA-AA-AF-4D-EA-F1-DB-AE")]
    [InlineData("0123456789ABCDEF", "D5-D4-4F-F7-20-68-3D-0D")]
    public void SingleDesWorksForWeakKeysToo(string key, string zeroBlockEncrypted)
    {
        var cipher = new TdesBlockCipher(Hex.Bytes(key + key));
        var output = new byte[8];
        cipher.Encrypt(new byte[8], output);
        var back = new byte[8];
        cipher.Decrypt(output, back);

        Assert.Equal(zeroBlockEncrypted, Hex.Dashed(output));
        Assert.Equal(new byte[8], back);
        Assert.Equal(zeroBlockEncrypted, Hex.Dashed(HostCipher.Tdes(Hex.Bytes(key + key)).EncryptBlock(new byte[8])));
    }

    // CRC32 values as zlib's crc32 complemented; CRC_A check value and ISO/IEC 14443-3 annex examples.
    [Theory]
    [InlineData("313233343536373839", "D9-C6-0B-34", "05-BF")]
    [InlineData("0000", "00-ED-26-BE", "A0-1E")]
    [InlineData("1234", "66-69-66-E7", "26-CF")]
    public void ChecksumsAreCrc32WithoutFinalComplementAndCrcA(string data, string crc32, string crc16)
    {
        Assert.Equal((crc32, crc16), (Hex.Dashed(DesfireCrc.Crc32(Hex.Bytes(data))), Hex.Dashed(DesfireCrc.Crc16(Hex.Bytes(data)))));
        Assert.Equal((crc32, crc16), (Hex.Dashed(DesfireHost.Crc32(Hex.Bytes(data))), Hex.Dashed(DesfireHost.Crc16(Hex.Bytes(data)))));
    }

    [Theory]
    [InlineData("Aes", "00000000000000000000000000000000", "A0-A1-A2-A3-B0-B1-B2-B3-AC-AD-AE-AF-BC-BD-BE-BF")]
    [InlineData("ThreeKeyTdes", "000000000000000000000000000000000000000000000000", "A0-A1-A2-A3-B0-B1-B2-B3-A6-A7-A8-A9-B6-B7-B8-B9-AC-AD-AE-AF-BC-BD-BE-BF")]
    [InlineData("TwoKeyTdes", "00000000000000000000000000000000", "A0-A1-A2-A3-B0-B1-B2-B3-A0-A1-A2-A3-B0-B1-B2-B3")]
    [InlineData("TwoKeyTdes", "00000000000000001111111111111111", "A0-A1-A2-A3-B0-B1-B2-B3-A4-A5-A6-A7-B4-B5-B6-B7")]
    public void SessionKeysInterleaveTheChallenges(string type, string key, string sessionKey)
    {
        var rndA = Hex.Bytes("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");
        var rndB = Hex.Bytes("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF");
        var stored = new DesfireKey(Enum.Parse<DesfireKeyType>(type), Hex.Bytes(key), 0);
        var n = type == "TwoKeyTdes" ? 8 : 16;

        Assert.Equal(sessionKey, Hex.Dashed(DesfireTag.SessionKey(stored, rndA[..n], rndB[..n]).Value));
    }
}
