namespace StudentCard.Core.Cards;

/// <summary>StudentCard's DESFire application as the desk issues it and the agent reads it: identifier, key numbers, diversification.</summary>
public static class StudentCardApplication
{
    /// <summary>AID 0x534301 in wire order (least significant byte first).</summary>
    public static ReadOnlyMemory<byte> Aid { get; } = new byte[] { 0x01, 0x43, 0x53 };

    /// <summary>AN10922's system identifier: the ASCII bytes of "StudentCard".</summary>
    public static ReadOnlyMemory<byte> SystemIdentifier { get; } = "StudentCard"u8.ToArray();

    /// <summary>The application master key: the desk's alone, to change the others.</summary>
    public const byte MasterKeyNo = 0;

    /// <summary>A key all issued cards share, only to read the real UID of a random-UID card.</summary>
    public const byte UidKeyNo = 1;

    /// <summary>The card's own read key, diversified from its real UID: the proof that the card is genuine.</summary>
    public const byte ReadKeyNo = 2;

    public const byte KeyCount = 3;

    public static CardKeyDiversifier Diversifier(CardKey master) => new(master, Aid.Span, SystemIdentifier.Span);
}
