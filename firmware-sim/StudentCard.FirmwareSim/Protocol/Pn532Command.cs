namespace StudentCard.FirmwareSim.Protocol;

/// <summary>Command codes the simulated PN532 implements (UM0701-02 §7.2, §7.3).</summary>
public static class Pn532Command
{
    public const byte Diagnose = 0x00;
    public const byte GetFirmwareVersion = 0x02;
    public const byte GetGeneralStatus = 0x04;
    public const byte ReadRegister = 0x06;
    public const byte WriteRegister = 0x08;
    public const byte ReadGpio = 0x0C;
    public const byte WriteGpio = 0x0E;
    public const byte SetParameters = 0x12;
    public const byte SamConfiguration = 0x14;
    public const byte PowerDown = 0x16;
    public const byte RfConfiguration = 0x32;
    public const byte InDataExchange = 0x40;
    public const byte InCommunicateThru = 0x42;
    public const byte InDeselect = 0x44;
    public const byte InListPassiveTarget = 0x4A;
    public const byte InRelease = 0x52;
    public const byte InSelect = 0x54;
}
