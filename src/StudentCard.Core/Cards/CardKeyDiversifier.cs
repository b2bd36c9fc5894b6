using StudentCard.Core.Identifiers;

namespace StudentCard.Core.Cards;

/// <summary>
/// AES-128 key diversification of NXP AN10922: the card's key is the CMAC, under a master key, of
/// 0x01 ‖ UID ‖ AID ‖ system identifier padded to 32 bytes. A key lifted from one card opens no other.
/// </summary>
public sealed class CardKeyDiversifier
{
    /// <summary>AN10922's diversification constant for an AES-128 key.</summary>
    public const byte Aes128Constant = 0x01;

    private const int PaddedInputLength = 2 * AesCmac.BlockSize;

    private readonly CardKey _master;
    private readonly byte[] _aid;
    private readonly byte[] _systemIdentifier;

    public CardKeyDiversifier(CardKey master, ReadOnlySpan<byte> aid, ReadOnlySpan<byte> systemIdentifier)
    {
        if (aid.Length != 3)
        {
            throw new ArgumentException("A DESFire application identifier is 3 bytes.", nameof(aid));
        }

        _master = master;
        _aid = aid.ToArray();
        _systemIdentifier = systemIdentifier.ToArray();
    }

    /// <summary>The diversified key of the card whose real UID is <paramref name="uid"/>.</summary>
    public CardKey Diversify(CardUid uid) => Diversify(uid.Bytes);

    public CardKey Diversify(ReadOnlySpan<byte> uid)
    {
        // 0x01 ‖ M, with M = UID ‖ AID ‖ system identifier at most 31 bytes.
        int length = 1 + uid.Length + _aid.Length + _systemIdentifier.Length;
        if (length > PaddedInputLength)
        {
            throw new ArgumentException("UID, AID and system identifier exceed AN10922's 31 bytes of diversification input.", nameof(uid));
        }

        var input = new byte[length];
        input[0] = Aes128Constant;
        uid.CopyTo(input.AsSpan(1));
        _aid.CopyTo(input.AsSpan(1 + uid.Length));
        _systemIdentifier.CopyTo(input.AsSpan(1 + uid.Length + _aid.Length));
        using var cmac = new AesCmac(_master.Material);
        return new CardKey(cmac.ComputePaddedTo(input, PaddedInputLength));
    }

    public override string ToString() => "CardKeyDiversifier(redacted)";
}
