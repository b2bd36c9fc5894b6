namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>
/// CMAC of NIST SP 800-38B over any block cipher (Rb = 0x87 for 128-bit blocks, 0x1B for 64-bit ones),
/// started from a chaining vector: zero for the standard, the session IV for DESFire EV1 secure messaging.
/// </summary>
internal static class Cmac
{
    /// <summary>The full last block of the MAC computation (EV1 keeps it as the next IV and sends its first 8 bytes).</summary>
    public static byte[] Compute(IBlockCipher cipher, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> message)
    {
        var size = cipher.BlockSize;
        var (k1, k2) = Subkeys(cipher);
        var blocks = Math.Max(1, (message.Length + size - 1) / size);
        var complete = message.Length > 0 && message.Length % size == 0;

        var last = new byte[size];
        var tail = message[((blocks - 1) * size)..];
        tail.CopyTo(last);
        if (!complete)
        {
            last[tail.Length] = 0x80;
        }

        Xor(last, complete ? k1 : k2);

        var state = iv.ToArray();
        var buffer = new byte[size];
        for (var b = 0; b < blocks; b++)
        {
            var block = b == blocks - 1 ? last : message.Slice(b * size, size);
            for (var i = 0; i < size; i++)
            {
                buffer[i] = (byte)(state[i] ^ block[i]);
            }

            cipher.Encrypt(buffer, state);
        }

        return state;
    }

    private static (byte[] K1, byte[] K2) Subkeys(IBlockCipher cipher)
    {
        var size = cipher.BlockSize;
        var l = new byte[size];
        cipher.Encrypt(new byte[size], l);
        var rb = size == 16 ? (byte)0x87 : (byte)0x1B;
        var k1 = Double(l, rb);
        return (k1, Double(k1, rb));
    }

    // Left shift by one bit, XOR Rb into the last byte when the top bit fell out.
    private static byte[] Double(byte[] value, byte rb)
    {
        var result = new byte[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            var next = i + 1 < value.Length ? value[i + 1] >> 7 : 0;
            result[i] = (byte)((value[i] << 1) | next);
        }

        if ((value[0] & 0x80) != 0)
        {
            result[^1] ^= rb;
        }

        return result;
    }

    private static void Xor(byte[] target, byte[] mask)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= mask[i];
        }
    }
}
