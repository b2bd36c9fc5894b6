namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>One block cipher under one key, one block at a time; DESFire's chaining modes are built on top.</summary>
internal interface IBlockCipher
{
    /// <summary>8 for DES and TDEA, 16 for AES.</summary>
    int BlockSize { get; }

    void Encrypt(ReadOnlySpan<byte> block, Span<byte> output);

    void Decrypt(ReadOnlySpan<byte> block, Span<byte> output);
}
