namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>A standard data file: its communication mode, access rights (one key number or 0xE free / 0xF never each) and bytes.</summary>
internal sealed class DesfireFile(byte communication, byte readKey, byte writeKey, byte readWriteKey, byte changeKey, int size)
{
    public const byte Free = 0x0E;
    public const byte Never = 0x0F;

    /// <summary>0x00 plain, 0x01 MACed, 0x03 enciphered.</summary>
    public byte Communication { get; } = communication;

    public byte ReadKey { get; } = readKey;

    public byte WriteKey { get; } = writeKey;

    public byte ReadWriteKey { get; } = readWriteKey;

    public byte ChangeKey { get; } = changeKey;

    public byte[] Data { get; } = new byte[size];

    /// <summary>Memory is allocated in 32-byte blocks.</summary>
    public int Footprint => DesfireApplication.Blocks(Data.Length);
}
