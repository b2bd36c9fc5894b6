using System.Security.Cryptography;

namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>
/// TDEA (EDE) under a 16-byte (2K3DES; single DES when both halves are equal) or 24-byte (3K3DES) key.
/// Keys that .NET's TripleDES refuses (equal neighbouring parts) run as three single-DES stages.
/// </summary>
internal sealed class TdesBlockCipher : IBlockCipher
{
    private readonly TripleDES? _tdes;
    private readonly SingleDes[]? _stages;

    public TdesBlockCipher(ReadOnlySpan<byte> key)
    {
        var bytes = key.ToArray();
        if (bytes.Length is not (16 or 24))
        {
            throw new ArgumentException("A TDEA key has 16 or 24 bytes.", nameof(key));
        }

        if (!TripleDES.IsWeakKey(bytes))
        {
            // Given as K1 K2 K1: OpenSSL 3 serves two-key TDEA only from its legacy provider.
            _tdes = TripleDES.Create();
            _tdes.SetKey(bytes.Length == 16 ? [.. bytes, .. bytes[..8]] : bytes);
            return;
        }

        var k3 = bytes.Length == 24 ? bytes[16..24] : bytes[0..8];
        _stages = [new SingleDes(bytes[0..8]), new SingleDes(bytes[8..16]), new SingleDes(k3)];
    }

    public int BlockSize => 8;

    public void Encrypt(ReadOnlySpan<byte> block, Span<byte> output)
    {
        if (_tdes is not null)
        {
            _tdes.EncryptEcb(block, output, PaddingMode.None);
            return;
        }

        Span<byte> step = stackalloc byte[8];
        _stages![0].Encrypt(block, output);
        _stages[1].Decrypt(output, step);
        _stages[2].Encrypt(step, output);
    }

    public void Decrypt(ReadOnlySpan<byte> block, Span<byte> output)
    {
        if (_tdes is not null)
        {
            _tdes.DecryptEcb(block, output, PaddingMode.None);
            return;
        }

        Span<byte> step = stackalloc byte[8];
        _stages![2].Decrypt(block, output);
        _stages[1].Encrypt(output, step);
        _stages[0].Decrypt(step, output);
    }
}
