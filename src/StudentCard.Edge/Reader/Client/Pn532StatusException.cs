namespace StudentCard.Edge.Reader;

/// <summary>A PN532 command ran but reported a non-zero status byte (e.g. the card left during an exchange).</summary>
public sealed class Pn532StatusException : Pn532Exception
{
    public Pn532StatusException(string command, byte status)
        : base($"{command} failed with PN532 status 0x{status:X2} ({Describe(status)}).")
    {
        Status = status;
    }

    /// <summary>The status byte with the NAD/MI flags removed (UM0701-02 table 7-1).</summary>
    public byte Status { get; }

    public static string Describe(byte status) => (status & 0x3F) switch
    {
        0x01 => "timeout: the target did not answer",
        0x02 => "CRC error",
        0x03 => "parity error",
        0x04 => "erroneous bit count during anti-collision",
        0x05 => "framing error",
        0x06 => "abnormal bit collision",
        0x07 => "buffer too small",
        0x09 => "RF buffer overflow",
        0x0A => "RF field not switched on in time",
        0x0B => "RF protocol error",
        0x0D => "temperature error",
        0x0E => "internal buffer overflow",
        0x10 => "invalid parameter",
        0x12 => "command not supported by the target",
        0x13 => "wrong data format from the target",
        0x14 => "MIFARE authentication error",
        0x23 => "wrong UID check byte",
        0x25 => "invalid device state",
        0x26 => "operation not allowed in this configuration",
        0x27 => "command not acceptable in the current context",
        0x29 => "target released by the initiator",
        0x2A => "card ID does not match: the card was exchanged",
        0x2B => "the card disappeared",
        0x2C => "NFCID3 mismatch",
        0x2D => "over-current",
        0x2E => "NAD missing",
        _ => "unknown error",
    };
}
