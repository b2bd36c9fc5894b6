namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>One application (or the PICC level, AID 000000): key settings, keys of one type, and files.</summary>
internal sealed class DesfireApplication(byte keySettings, DesfireKey[] keys)
{
    public const byte MasterKeyChangeable = 0x01;
    public const byte FreeDirectoryList = 0x02;
    public const byte FreeCreateDelete = 0x04;
    public const byte ConfigurationChangeable = 0x08;

    public byte KeySettings { get; set; } = keySettings;

    public DesfireKey[] Keys { get; } = keys;

    public SortedDictionary<byte, DesfireFile> Files { get; } = [];

    /// <summary>Key number needed to change keys: 0x0-0xD a key, 0xE the key itself, 0xF keys are frozen.</summary>
    public int ChangeKeyAccess => KeySettings >> 4;

    public static int Blocks(int bytes) => (bytes + 31) / 32 * 32;
}
