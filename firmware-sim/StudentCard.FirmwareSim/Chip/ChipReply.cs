namespace StudentCard.FirmwareSim.Chip;

/// <summary>How the chip answers one command frame after its ACK.</summary>
internal enum ChipReplyKind
{
    Response,
    SyntaxError,
    Pending,
    Silent,
}

/// <summary>A command's outcome; Data is the response code followed by the output parameters.</summary>
internal readonly record struct ChipReply(ChipReplyKind Kind, byte[] Data)
{
    public static ChipReply SyntaxError { get; } = new(ChipReplyKind.SyntaxError, []);

    public static ChipReply Pending { get; } = new(ChipReplyKind.Pending, []);

    public static ChipReply Silent { get; } = new(ChipReplyKind.Silent, []);

    public static ChipReply Response(byte command, params ReadOnlySpan<byte> output)
    {
        var data = new byte[output.Length + 1];
        data[0] = (byte)(command + 1);
        output.CopyTo(data.AsSpan(1));
        return new ChipReply(ChipReplyKind.Response, data);
    }
}
