namespace StudentCard.FirmwareSim.Protocol;

/// <summary>Builds the frames the PN532 sends on its HSU link (UM0701-02 §6.2.1).</summary>
public static class Pn532Frame
{
    /// <summary>Frame identifier of a host-to-PN532 information frame.</summary>
    public const byte HostToChip = 0xD4;

    /// <summary>Frame identifier of a PN532-to-host information frame.</summary>
    public const byte ChipToHost = 0xD5;

    /// <summary>Largest TFI + PD length the chip accepts (extended frames included).</summary>
    public const int MaxPayload = 265;

    private static readonly byte[] AckBytes = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00];
    private static readonly byte[] NackBytes = [0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];
    private static readonly byte[] SyntaxErrorBytes = [0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00];

    /// <summary>00 00 FF 00 FF 00.</summary>
    public static ReadOnlySpan<byte> Ack => AckBytes;

    /// <summary>00 00 FF FF 00 00.</summary>
    public static ReadOnlySpan<byte> Nack => NackBytes;

    /// <summary>The application-level error frame 00 00 FF 01 FF 7F 81 00.</summary>
    public static ReadOnlySpan<byte> SyntaxError => SyntaxErrorBytes;

    /// <summary>Wraps TFI + data in a normal frame, or an extended frame when it does not fit in one length byte.</summary>
    public static byte[] Information(byte tfi, ReadOnlySpan<byte> data)
    {
        var length = data.Length + 1;
        if (length > MaxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(data), $"A PN532 frame carries at most {MaxPayload} bytes.");
        }

        var extended = length > 0xFF;
        var header = extended ? 8 : 5;
        var frame = new byte[header + length + 2];
        frame[0] = 0x00;
        frame[1] = 0x00;
        frame[2] = 0xFF;
        if (extended)
        {
            frame[3] = 0xFF;
            frame[4] = 0xFF;
            frame[5] = (byte)(length >> 8);
            frame[6] = (byte)length;
            frame[7] = Checksum((byte)(frame[5] + frame[6]));
        }
        else
        {
            frame[3] = (byte)length;
            frame[4] = Checksum((byte)length);
        }

        frame[header] = tfi;
        data.CopyTo(frame.AsSpan(header + 1));
        frame[header + length] = Checksum(Sum(frame.AsSpan(header, length)));
        frame[^1] = 0x00;
        return frame;
    }

    /// <summary>The byte that brings <paramref name="sum"/> to zero modulo 256.</summary>
    public static byte Checksum(byte sum) => (byte)(0x100 - sum);

    internal static byte Sum(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return sum;
    }
}
