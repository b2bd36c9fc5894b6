namespace StudentCard.Edge.Reader;

/// <summary>GetFirmwareVersion's answer: IC (0x32 for a PN532), version, revision and supported protocols.</summary>
public sealed record Pn532FirmwareVersion(byte Ic, byte Version, byte Revision, byte Support);
