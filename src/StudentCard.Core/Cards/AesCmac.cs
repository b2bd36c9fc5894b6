using System.Security.Cryptography;

namespace StudentCard.Core.Cards;

/// <summary>
/// AES-CMAC (NIST SP 800-38B) on .NET's AES in ECB as the block cipher. DESFire EV1 chains each CMAC from the
/// session's running IV, and AN10922 pads its input to two blocks, so both are offered beside the standard form.
/// </summary>
public sealed class AesCmac : IDisposable
{
    public const int BlockSize = 16;

    // SP 800-38B §5.3: R_128 for the subkey doubling in GF(2^128).
    private const byte Rb = 0x87;

    private readonly Aes _aes;
    private readonly byte[] _k1;
    private readonly byte[] _k2;

    public AesCmac(ReadOnlySpan<byte> key)
    {
        if (key.Length != BlockSize)
        {
            throw new ArgumentException($"An AES-128 key is {BlockSize} bytes long.", nameof(key));
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        var l = _aes.EncryptEcb(new byte[BlockSize], PaddingMode.None);
        _k1 = Double(l);
        _k2 = Double(_k1);
        CryptographicOperations.ZeroMemory(l);
    }

    /// <summary>The standard CMAC (zero IV).</summary>
    public byte[] Compute(ReadOnlySpan<byte> message) => Compute(message, stackalloc byte[BlockSize]);

    /// <summary>The CMAC with the CBC chain started from <paramref name="iv"/> instead of zeros (DESFire EV1 secure messaging).</summary>
    public byte[] Compute(ReadOnlySpan<byte> message, ReadOnlySpan<byte> iv)
    {
        bool whole = message.Length > 0 && message.Length % BlockSize == 0;
        int length = whole ? message.Length : (message.Length / BlockSize + 1) * BlockSize;
        return Mac(message, iv, length);
    }

    /// <summary>
    /// The CMAC of <paramref name="message"/> padded (80 00 …) to exactly <paramref name="paddedLength"/> bytes when shorter,
    /// as AN10922 prescribes even where the message already fills whole blocks.
    /// </summary>
    public byte[] ComputePaddedTo(ReadOnlySpan<byte> message, int paddedLength)
    {
        if (paddedLength % BlockSize != 0 || message.Length > paddedLength || paddedLength == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(paddedLength), "The padded length is a whole number of blocks, at least the message's length.");
        }

        return Mac(message, stackalloc byte[BlockSize], paddedLength);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_k1);
        CryptographicOperations.ZeroMemory(_k2);
        _aes.Dispose();
    }

    public override string ToString() => "AesCmac(redacted)";

    // Pads when the message is shorter than length (then K2), otherwise K1; CBC from iv; the last block is the MAC.
    private byte[] Mac(ReadOnlySpan<byte> message, ReadOnlySpan<byte> iv, int length)
    {
        var data = new byte[length];
        message.CopyTo(data);
        var subkey = _k1;
        if (message.Length < length)
        {
            data[message.Length] = 0x80;
            subkey = _k2;
        }

        for (int i = 0; i < BlockSize; i++)
        {
            data[length - BlockSize + i] ^= subkey[i];
        }

        var chain = iv.ToArray();
        var block = new byte[BlockSize];
        for (int at = 0; at < length; at += BlockSize)
        {
            for (int i = 0; i < BlockSize; i++)
            {
                block[i] = (byte)(data[at + i] ^ chain[i]);
            }

            chain = _aes.EncryptEcb(block, PaddingMode.None);
        }

        CryptographicOperations.ZeroMemory(data);
        CryptographicOperations.ZeroMemory(block);
        return chain;
    }

    private static byte[] Double(byte[] value)
    {
        var result = new byte[BlockSize];
        for (int i = 0; i < BlockSize; i++)
        {
            int next = i + 1 < BlockSize ? value[i + 1] >> 7 : 0;
            result[i] = (byte)((value[i] << 1) | next);
        }

        if ((value[0] & 0x80) != 0)
        {
            result[BlockSize - 1] ^= Rb;
        }

        return result;
    }
}
