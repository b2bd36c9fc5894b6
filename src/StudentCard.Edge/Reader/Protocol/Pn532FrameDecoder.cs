namespace StudentCard.Edge.Reader;

/// <summary>Finds the next PN532 frame in received bytes: skips garbage, syncs on the 00 FF start code, checks LCS and DCS.</summary>
public static class Pn532FrameDecoder
{
    private const int NormalHeader = 4;   // 00 FF LEN LCS
    private const int ExtendedHeader = 7; // 00 FF FF FF LENM LENL LCS

    public static Pn532DecodeResult Decode(ReadOnlySpan<byte> buffer)
    {
        int start = buffer.IndexOf((ReadOnlySpan<byte>)[0x00, 0xFF]);
        if (start < 0)
        {
            // A trailing 00 may be the first half of a start code still on its way.
            int keep = buffer.Length > 0 && buffer[^1] == 0x00 ? 1 : 0;
            return new(Pn532DecodeStatus.NeedMore, buffer.Length - keep, null, null);
        }
        var frame = buffer[start..];
        if (frame.Length < NormalHeader)
        {
            return new(Pn532DecodeStatus.NeedMore, start, null, null);
        }
        byte first = frame[2];
        byte second = frame[3];
        if (first == 0x00 && second == 0xFF)
        {
            return Found(Pn532Frame.Ack, frame, start, NormalHeader);
        }
        if (first == 0xFF && second == 0x00)
        {
            return Found(Pn532Frame.Nack, frame, start, NormalHeader);
        }
        if (first == 0xFF && second == 0xFF)
        {
            return DecodeExtended(frame, start);
        }
        if ((byte)(first + second) != 0)
        {
            return Corrupt(start, "bad length checksum (LCS)");
        }
        if (first == 0)
        {
            return Corrupt(start, "information frame without TFI");
        }
        return DecodeBody(frame, start, NormalHeader, first);
    }

    private static Pn532DecodeResult DecodeExtended(ReadOnlySpan<byte> frame, int start)
    {
        if (frame.Length < ExtendedHeader)
        {
            return new(Pn532DecodeStatus.NeedMore, start, null, null);
        }
        if ((byte)(frame[4] + frame[5] + frame[6]) != 0)
        {
            return Corrupt(start, "bad extended length checksum (LCS)");
        }
        int length = (frame[4] << 8) | frame[5];
        if (length == 0)
        {
            return Corrupt(start, "extended frame without TFI");
        }
        return DecodeBody(frame, start, ExtendedHeader, length);
    }

    private static Pn532DecodeResult DecodeBody(ReadOnlySpan<byte> frame, int start, int header, int length)
    {
        if (frame.Length < header + length + 1)
        {
            return new(Pn532DecodeStatus.NeedMore, start, null, null);
        }
        var body = frame.Slice(header, length + 1); // TFI, PD0..PDn, DCS
        byte sum = 0;
        foreach (byte b in body)
        {
            sum += b;
        }
        if (sum != 0)
        {
            // Only the start code is dropped: the length may have swallowed the start of the next good frame.
            return Corrupt(start, "bad data checksum (DCS)");
        }
        byte tfi = body[0];
        var result = tfi == Pn532Frame.ErrorTfi && length == 1
            ? Pn532Frame.Error
            : Pn532Frame.Information(tfi, body[1..length]);
        return Found(result, frame, start, header + length + 1);
    }

    private static Pn532DecodeResult Found(Pn532Frame result, ReadOnlySpan<byte> frame, int start, int size)
    {
        // The postamble is consumed when it has arrived; a frame is not held back waiting for it.
        if (frame.Length > size && frame[size] == 0x00)
        {
            size++;
        }
        return new(Pn532DecodeStatus.Frame, start + size, result, null);
    }

    private static Pn532DecodeResult Corrupt(int start, string problem) =>
        new(Pn532DecodeStatus.Corrupt, start + 2, null, problem);
}
