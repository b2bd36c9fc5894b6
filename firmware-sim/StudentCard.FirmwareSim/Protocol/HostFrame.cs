namespace StudentCard.FirmwareSim.Protocol;

/// <summary>What kind of frame the host sent.</summary>
internal enum HostFrameKind
{
    Ack,
    Nack,
    Information,
}

/// <summary>One well-formed frame received from the host; Payload is TFI + PD for information frames.</summary>
internal readonly record struct HostFrame(HostFrameKind Kind, byte[] Payload)
{
    public static HostFrame Ack { get; } = new(HostFrameKind.Ack, []);

    public static HostFrame Nack { get; } = new(HostFrameKind.Nack, []);
}
