using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>Parses InListPassiveTarget's 106 kbps type A target data (UM0701-02 §7.3.5).</summary>
public static class PassiveTargetParser
{
    // SEL_RES bit 6: the card is ISO/IEC 14443-4 compliant, so the PN532 appends its ATS.
    private const byte Iso14443_4Compliant = 0x20;

    /// <summary>Parses NbTg followed by each target's Tg, SENS_RES, SEL_RES, NFCIDLength, NFCID1 and optional ATS.</summary>
    public static IReadOnlyList<PassiveTarget> Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 1)
        {
            throw Malformed("no NbTg");
        }
        int count = data[0];
        if (count > 2)
        {
            throw Malformed($"NbTg {count} exceeds the PN532's two targets");
        }
        var targets = new List<PassiveTarget>(count);
        int at = 1;
        for (int i = 0; i < count; i++)
        {
            if (data.Length < at + 5)
            {
                throw Malformed("target data truncated");
            }
            byte tg = data[at];
            ushort sensRes = (ushort)((data[at + 1] << 8) | data[at + 2]);
            byte selRes = data[at + 3];
            int uidLength = data[at + 4];
            at += 5;
            if (uidLength is not (4 or 7 or 10))
            {
                throw Malformed($"NFCID1 length {uidLength} is not 4, 7 or 10");
            }
            if (data.Length < at + uidLength)
            {
                throw Malformed("NFCID1 truncated");
            }
            var uid = new CardUid(data.Slice(at, uidLength));
            at += uidLength;
            byte[] ats = [];
            if ((selRes & Iso14443_4Compliant) != 0 && at < data.Length)
            {
                int atsLength = data[at];
                if (atsLength < 1 || data.Length < at + atsLength)
                {
                    throw Malformed("ATS truncated");
                }
                ats = data.Slice(at, atsLength).ToArray();
                at += atsLength;
            }
            targets.Add(new PassiveTarget(tg, sensRes, selRes, uid, ats));
        }
        return targets;
    }

    private static Pn532ProtocolException Malformed(string problem) =>
        new($"Malformed InListPassiveTarget response: {problem}.");
}
