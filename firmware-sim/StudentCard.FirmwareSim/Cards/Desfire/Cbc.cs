namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>CBC chaining over a block cipher with the chaining vector kept by the caller, as DESFire carries it from message to message.</summary>
internal static class Cbc
{
    /// <summary>Encrypts whole blocks; <paramref name="iv"/> ends as the last ciphertext block.</summary>
    public static byte[] Encrypt(IBlockCipher cipher, Span<byte> iv, ReadOnlySpan<byte> plain)
    {
        var size = RequireBlocks(cipher, plain.Length);
        var output = new byte[plain.Length];
        Span<byte> block = stackalloc byte[size];
        for (var at = 0; at < plain.Length; at += size)
        {
            for (var i = 0; i < size; i++)
            {
                block[i] = (byte)(plain[at + i] ^ iv[i]);
            }

            cipher.Encrypt(block, output.AsSpan(at, size));
            output.AsSpan(at, size).CopyTo(iv);
        }

        return output;
    }

    /// <summary>Decrypts whole blocks; <paramref name="iv"/> ends as the last ciphertext block.</summary>
    public static byte[] Decrypt(IBlockCipher cipher, Span<byte> iv, ReadOnlySpan<byte> encrypted)
    {
        var size = RequireBlocks(cipher, encrypted.Length);
        var output = new byte[encrypted.Length];
        for (var at = 0; at < encrypted.Length; at += size)
        {
            var part = output.AsSpan(at, size);
            cipher.Decrypt(encrypted.Slice(at, size), part);
            for (var i = 0; i < size; i++)
            {
                part[i] ^= iv[i];
            }

            encrypted.Slice(at, size).CopyTo(iv);
        }

        return output;
    }

    /// <summary>
    /// Undoes the DESFire native (D40) "send mode" of a reader, which deciphers each block after XOR with the
    /// previous result: the card enciphers each block and XORs the previous received block.
    /// </summary>
    public static byte[] UndoSendMode(IBlockCipher cipher, ReadOnlySpan<byte> received)
    {
        var size = RequireBlocks(cipher, received.Length);
        var output = new byte[received.Length];
        Span<byte> previous = stackalloc byte[size];
        for (var at = 0; at < received.Length; at += size)
        {
            var part = output.AsSpan(at, size);
            cipher.Encrypt(received.Slice(at, size), part);
            for (var i = 0; i < size; i++)
            {
                part[i] ^= previous[i];
            }

            received.Slice(at, size).CopyTo(previous);
        }

        return output;
    }

    private static int RequireBlocks(IBlockCipher cipher, int length)
    {
        var size = cipher.BlockSize;
        if (length % size != 0)
        {
            throw new ArgumentException($"CBC works on whole {size}-byte blocks.", nameof(length));
        }

        return size;
    }
}
