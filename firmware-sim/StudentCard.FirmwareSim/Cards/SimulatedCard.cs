namespace StudentCard.FirmwareSim;

/// <summary>An ISO/IEC 14443-A card the simulated reader can see: UID, ATQA (SENS_RES) and SAK (SEL_RES).</summary>
public sealed record SimulatedCard(byte[] Uid, ushort Atqa, byte Sak)
{
    /// <summary>The 4- or 7-byte UID (a private copy).</summary>
    public byte[] Uid { get; init; } = ValidUid(Uid);

    /// <summary>A card from hex digits ("04A1B2C3", "04:11:22:33:44:55:66"): 4 bytes = MIFARE Classic 1K, 7 bytes = Ultralight/NTAG.</summary>
    public static SimulatedCard FromHex(string uidHex)
    {
        var uid = UidHex.Parse(uidHex);
        return uid.Length == 4
            ? new SimulatedCard(uid, 0x0004, 0x08)
            : new SimulatedCard(uid, 0x0044, 0x00);
    }

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
