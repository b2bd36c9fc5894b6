namespace StudentCard.FirmwareSim.Tests.Desfire;

/// <summary>The reader's CMAC (SP 800-38B), over a CBC encryption with the session IV as start.</summary>
internal static class HostCmac
{
    public static byte[] Mac(HostCipher cipher, byte[] iv, byte[] message)
    {
        var n = cipher.Block;
        var k1 = Shift(cipher.EncryptBlock(new byte[n]), n);
        var k2 = Shift(k1, n);
        var padded = message.Length > 0 && message.Length % n == 0
            ? message.ToArray()
            : [.. message, 0x80, .. new byte[(n - ((message.Length + 1) % n)) % n]];
        var key = message.Length > 0 && message.Length % n == 0 ? k1 : k2;
        for (var i = 0; i < n; i++)
        {
            padded[padded.Length - n + i] ^= key[i];
        }

        return cipher.EncryptCbc(iv, padded)[^n..];
    }

    private static byte[] Shift(byte[] value, int n)
    {
        var carry = (value[0] & 0x80) != 0;
        var bits = new System.Numerics.BigInteger(value, isUnsigned: true, isBigEndian: true) << 1;
        var bytes = bits.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[n];
        bytes.AsSpan(Math.Max(0, bytes.Length - n)).CopyTo(result.AsSpan(Math.Max(0, n - bytes.Length)));
        if (carry)
        {
            result[^1] ^= n == 16 ? (byte)0x87 : (byte)0x1B;
        }

        return result;
    }
}
