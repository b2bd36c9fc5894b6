using StudentCard.Edge.Reader;
using System.Security.Cryptography;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>
/// The PICC level of a factory-fresh DESFire: legacy (native) authentication with the all-zero DES master key, then
/// SetConfiguration to turn on random-UID mode, as an issuing desk would. .NET refuses the weak all-zero DES key, so
/// its deciphering runs through TDEA with two helper keys whose stages cancel out: D_0(y) = TDEA⁻¹(0, P, Q)(E_Q(D_P(y))).
/// </summary>
internal static class FactoryPiccKey
{
    private static readonly byte[] P = Convert.FromHexString("0123456789ABCDEF");
    private static readonly byte[] Q = Convert.FromHexString("FEDCBA9876543210");

    public static async Task TurnOnRandomUidAsync(DesfireExchange card)
    {
        Assert.Equal("00", Hex.Format(await card(new byte[] { 0x5A, 0x00, 0x00, 0x00 }, CancellationToken.None)));
        var challenge = await card(new byte[] { 0x0A, 0x00 }, CancellationToken.None);
        Assert.Equal(0xAF, challenge[0]);
        var rndB = DecipherWithZeroKey(challenge[1..]);
        var rndA = RandomNumberGenerator.GetBytes(8);

        // Native "send mode": the reader deciphers what it sends, chaining each block into the next.
        var first = DecipherWithZeroKey(rndA);
        byte[] rotated = [.. rndB[1..], rndB[0]];
        var second = DecipherWithZeroKey(rotated.Select((b, i) => (byte)(b ^ first[i])).ToArray());
        var proof = await card((byte[])[0xAF, .. first, .. second], CancellationToken.None);
        Assert.Equal(0x00, proof[0]);
        Assert.Equal(Hex.Format([.. rndA[1..], rndA[0]]), Hex.Format(DecipherWithZeroKey(proof[1..])));

        // Single-DES session key RndA 0..3 ‖ RndB 0..3; option 00, flags 02 = random UID, CRC16 and zero padding.
        using var session = DES.Create();
        session.Key = [.. rndA[..4], .. rndB[..4]];
        byte[] plain = [0x02, .. Crc16([0x02]), 0, 0, 0, 0, 0];
        var cryptogram = session.DecryptEcb(plain, PaddingMode.None);
        Assert.Equal("00", Hex.Format(await card((byte[])[0x5C, 0x00, .. cryptogram], CancellationToken.None)));
    }

    private static byte[] DecipherWithZeroKey(byte[] block)
    {
        using var p = DES.Create();
        p.Key = P;
        using var q = DES.Create();
        q.Key = Q;
        using var tdea = TripleDES.Create();
        tdea.Key = [.. new byte[8], .. P, .. Q];
        var wrapped = q.EncryptEcb(p.DecryptEcb(block, PaddingMode.None), PaddingMode.None);
        return tdea.DecryptEcb(wrapped, PaddingMode.None);
    }

    // ISO/IEC 14443-3 CRC_A (preset 0x6363), least significant byte first.
    private static byte[] Crc16(byte[] data)
    {
        int crc = 0x6363;
        foreach (byte b in data)
        {
            var x = (byte)(b ^ (crc & 0xFF));
            x ^= (byte)(x << 4);
            crc = (crc >> 8) ^ (x << 8) ^ (x << 3) ^ (x >> 4);
        }

        return [(byte)crc, (byte)(crc >> 8)];
    }
}
