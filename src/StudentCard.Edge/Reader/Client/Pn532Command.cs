namespace StudentCard.Edge.Reader;

/// <summary>PN532 command codes the driver uses (UM0701-02 §7); each response code is the command code + 1.</summary>
public static class Pn532Command
{
    public const byte GetFirmwareVersion = 0x02;
    public const byte ReadGpio = 0x0C;
    public const byte WriteGpio = 0x0E;
    public const byte SetParameters = 0x12;
    public const byte SamConfiguration = 0x14;
    public const byte RfConfiguration = 0x32;
    public const byte InDataExchange = 0x40;
    public const byte InListPassiveTarget = 0x4A;
    public const byte InRelease = 0x52;

    public static string Name(byte command) => command switch
    {
        GetFirmwareVersion => nameof(GetFirmwareVersion),
        ReadGpio => nameof(ReadGpio),
        WriteGpio => nameof(WriteGpio),
        SetParameters => nameof(SetParameters),
        SamConfiguration => nameof(SamConfiguration),
        RfConfiguration => nameof(RfConfiguration),
        InDataExchange => nameof(InDataExchange),
        InListPassiveTarget => nameof(InListPassiveTarget),
        InRelease => nameof(InRelease),
        _ => $"command 0x{command:X2}",
    };
}
