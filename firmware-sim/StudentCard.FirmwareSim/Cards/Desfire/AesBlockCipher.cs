using System.Security.Cryptography;

namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>AES-128 in ECB, one block at a time.</summary>
internal sealed class AesBlockCipher : IBlockCipher
{
    private readonly Aes _aes = Aes.Create();

    public AesBlockCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("A DESFire AES key has 16 bytes.", nameof(key));
        }

        _aes.SetKey(key);
    }

    public int BlockSize => 16;

    public void Encrypt(ReadOnlySpan<byte> block, Span<byte> output) => _aes.EncryptEcb(block, output, PaddingMode.None);

    public void Decrypt(ReadOnlySpan<byte> block, Span<byte> output) => _aes.DecryptEcb(block, output, PaddingMode.None);
}
