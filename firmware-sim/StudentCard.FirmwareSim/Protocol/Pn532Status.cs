namespace StudentCard.FirmwareSim.Protocol;

/// <summary>Error codes of the status byte (UM0701-02 §7.1, table "Error code list").</summary>
public static class Pn532Status
{
    public const byte Ok = 0x00;
    public const byte Timeout = 0x01;
    public const byte InvalidParameter = 0x10;
    public const byte MifareAuthenticationError = 0x14;
    public const byte WrongContext = 0x27;
}
