namespace StudentCard.Edge.Reader;

/// <summary>SetParameters flags (UM0701-02 §7.2.9).</summary>
[Flags]
public enum Pn532Parameters : byte
{
    None = 0x00,
    NadUsed = 0x01,
    DidUsed = 0x02,
    AutomaticAtrRes = 0x04,
    AutomaticRats = 0x10,
    Iso14443_4Picc = 0x20,
    RemovePrePostAmble = 0x40,
}
