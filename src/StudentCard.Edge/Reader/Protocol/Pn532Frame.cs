namespace StudentCard.Edge.Reader;

/// <summary>A PN532 frame and its host-side encoding (UM0701-02 §6.2.1: normal and extended information frames, ACK, NACK, error frame).</summary>
public sealed class Pn532Frame
{
    /// <summary>TFI of frames from the host to the PN532.</summary>
    public const byte HostToPn532 = 0xD4;

    /// <summary>TFI of frames from the PN532 to the host.</summary>
    public const byte Pn532ToHost = 0xD5;

    /// <summary>TFI of the error frame (syntax or application-level error).</summary>
    public const byte ErrorTfi = 0x7F;

    /// <summary>Largest TFI + PD length a normal frame carries; longer payloads use an extended frame.</summary>
    public const int MaxNormalLength = 255;

    public static readonly Pn532Frame Ack = new(Pn532FrameKind.Ack, 0, ReadOnlyMemory<byte>.Empty);
    public static readonly Pn532Frame Nack = new(Pn532FrameKind.Nack, 0, ReadOnlyMemory<byte>.Empty);
    public static readonly Pn532Frame Error = new(Pn532FrameKind.Error, ErrorTfi, ReadOnlyMemory<byte>.Empty);

    private static readonly byte[] AckEncoding = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00];
    private static readonly byte[] NackEncoding = [0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];
    private static readonly byte[] ErrorEncoding = [0x00, 0x00, 0xFF, 0x01, 0xFF, ErrorTfi, 0x81, 0x00];

    private Pn532Frame(Pn532FrameKind kind, byte tfi, ReadOnlyMemory<byte> data)
    {
        Kind = kind;
        Tfi = tfi;
        Data = data;
    }

    public Pn532FrameKind Kind { get; }

    /// <summary>Frame identifier (D4 host to PN532, D5 back); 0 for ACK and NACK.</summary>
    public byte Tfi { get; }

    /// <summary>PD0..PDn: the command or response code followed by its parameters.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    public static Pn532Frame Information(byte tfi, ReadOnlySpan<byte> data)
    {
        if (data.Length + 1 > 0xFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(data), "A PN532 frame carries at most 65534 data bytes.");
        }
        return new Pn532Frame(Pn532FrameKind.Information, tfi, data.ToArray());
    }

    /// <summary>The frame a host sends for <paramref name="command"/> with its parameters.</summary>
    public static byte[] EncodeCommand(byte command, ReadOnlySpan<byte> parameters)
    {
        var data = new byte[parameters.Length + 1];
        data[0] = command;
        parameters.CopyTo(data.AsSpan(1));
        return Information(HostToPn532, data).Encode();
    }

    public byte[] Encode() => Kind switch
    {
        Pn532FrameKind.Ack => [.. AckEncoding],
        Pn532FrameKind.Nack => [.. NackEncoding],
        Pn532FrameKind.Error => [.. ErrorEncoding],
        _ => EncodeInformation(),
    };

    /// <summary>Sum-to-zero checksum used for LCS and DCS.</summary>
    public static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }
        return (byte)(0x100 - sum);
    }

    private byte[] EncodeInformation()
    {
        int length = Data.Length + 1;
        bool extended = length > MaxNormalLength;
        int header = extended ? 8 : 5;
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
            frame[7] = Checksum(frame.AsSpan(5, 2));
        }
        else
        {
            frame[3] = (byte)length;
            frame[4] = Checksum(frame.AsSpan(3, 1));
        }
        frame[header] = Tfi;
        Data.Span.CopyTo(frame.AsSpan(header + 1));
        frame[header + length] = Checksum(frame.AsSpan(header, length));
        frame[header + length + 1] = 0x00;
        return frame;
    }

    public override string ToString() => Kind == Pn532FrameKind.Information
        ? $"Pn532Frame(Information, TFI {Tfi:X2}, {Data.Length} data bytes)"
        : $"Pn532Frame({Kind})";
}
