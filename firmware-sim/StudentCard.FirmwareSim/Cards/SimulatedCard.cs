namespace StudentCard.FirmwareSim;

/// <summary>An ISO/IEC 14443-A card the simulated reader can see: UID, ATQA (SENS_RES) and SAK (SEL_RES).</summary>
public sealed record SimulatedCard(byte[] Uid, ushort Atqa, byte Sak)
{
    /// <summary>The 4- or 7-byte UID (a private copy).</summary>
    public byte[] Uid { get; init; } = ValidUid(Uid);

    /// <summary>SEL_RES of a card compliant with ISO 14443-4, as a DESFire answers.</summary>
    public const byte DesfireSak = 0x20;

    /// <summary>A card from hex digits ("04A1B2C3", "04:11:22:33:44:55:66"): 4 bytes = MIFARE Classic 1K, 7 bytes = Ultralight/NTAG.</summary>
    public static SimulatedCard FromHex(string uidHex) => FromHex(uidHex, null);

    /// <summary>A card of the given type (null: chosen by the UID's length); NTAG and DESFire need a 7-byte UID.</summary>
    public static SimulatedCard FromHex(string uidHex, CardType? type)
    {
        var uid = UidHex.Parse(uidHex);
        return (type ?? (uid.Length == 4 ? CardType.Classic : CardType.Ntag)) switch
        {
            CardType.Classic => new SimulatedCard(uid, uid.Length == 4 ? (ushort)0x0004 : (ushort)0x0044, 0x08),
            _ when uid.Length != 7 => throw new FormatException($"A {type.ToString()!.ToLowerInvariant()} card has a 7-byte UID (14 hex digits)."),
            CardType.Ntag => new SimulatedCard(uid, 0x0044, 0x00),
            _ => new SimulatedCard(uid, 0x0344, DesfireSak),
        };
    }

    /// <summary>Reads a card type word: classic, ntag or desfire (any case); null for anything else.</summary>
    public static CardType? ParseType(string word) => word.ToLowerInvariant() switch
    {
        "classic" => CardType.Classic,
        "ntag" => CardType.Ntag,
        "desfire" => CardType.Desfire,
        _ => null,
    };

    /// <summary>Whether this card carries exactly <paramref name="uid"/>.</summary>
    public bool HasUid(ReadOnlySpan<byte> uid) => Uid.AsSpan().SequenceEqual(uid);

    /// <summary>Describes the card without its UID, so it can be printed or logged.</summary>
    public override string ToString() => $"{Uid.Length}-byte UID card (ATQA {Atqa:X4}, SAK {Sak:X2})";

    private static byte[] ValidUid(byte[] uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        if (uid.Length is not (4 or 7))
        {
            throw new ArgumentException($"A card UID has 4 or 7 bytes, not {uid.Length}.", nameof(uid));
        }

        return uid.ToArray();
    }
}
