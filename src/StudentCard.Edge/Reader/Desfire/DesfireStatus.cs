namespace StudentCard.Edge.Reader;

/// <summary>The status bytes a MIFARE DESFire EV1 answers with (first byte of a native answer).</summary>
public static class DesfireStatus
{
    public const byte Ok = 0x00;
    public const byte OutOfMemory = 0x0E;
    public const byte IllegalCommand = 0x1C;
    public const byte IntegrityError = 0x1E;
    public const byte NoSuchKey = 0x40;
    public const byte LengthError = 0x7E;
    public const byte PermissionDenied = 0x9D;
    public const byte ParameterError = 0x9E;
    public const byte ApplicationNotFound = 0xA0;
    public const byte AuthenticationError = 0xAE;
    public const byte AdditionalFrame = 0xAF;
    public const byte BoundaryError = 0xBE;
    public const byte CommandAborted = 0xCA;
    public const byte DuplicateError = 0xDE;
    public const byte FileNotFound = 0xF0;

    public static string Describe(byte status) => status switch
    {
        Ok => "operation ok",
        OutOfMemory => "out of EEPROM",
        IllegalCommand => "illegal command",
        IntegrityError => "integrity error (CRC or MAC)",
        NoSuchKey => "no such key",
        LengthError => "length error",
        PermissionDenied => "permission denied",
        ParameterError => "parameter error",
        ApplicationNotFound => "application not found",
        AuthenticationError => "authentication error",
        AdditionalFrame => "additional frame expected",
        BoundaryError => "boundary error",
        CommandAborted => "command aborted",
        DuplicateError => "duplicate",
        FileNotFound => "file not found",
        _ => "unknown status",
    };
}
