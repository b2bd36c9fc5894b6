namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>The status byte a DESFire EV1 puts first in a native answer (and after 0x91 in an ISO 7816-4 wrapped one).</summary>
internal static class DesfireStatus
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
    public const byte CountError = 0xCE;
    public const byte DuplicateError = 0xDE;
    public const byte FileNotFound = 0xF0;
}
