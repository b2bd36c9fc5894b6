using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>One ISO/IEC 14443 type A target listed by InListPassiveTarget at 106 kbps.</summary>
public sealed record PassiveTarget(byte Tg, ushort SensRes, byte SelRes, CardUid Uid, byte[] Ats)
{
    /// <summary>Never formats the UID or ATS bytes.</summary>
    public override string ToString() => $"PassiveTarget(Tg {Tg}, SENS_RES {SensRes:X4}, SEL_RES {SelRes:X2}, {Uid.Length}-byte UID)";
}
