namespace StudentCard.FirmwareSim.Protocol;

/// <summary>
/// Cuts the HSU byte stream into host frames: skips preamble and garbage, resynchronises on the
/// 00 FF start code and drops frames whose LCS or DCS is wrong (the PN532 does not ACK those).
/// </summary>
internal sealed class FrameReader(TimeProvider time)
{
    /// <summary>
    /// A UART receiver gives up on a frame when the line goes quiet; without this, a truncated frame
    /// with a long LEN would swallow the next good frame.
    /// </summary>
    public static readonly TimeSpan InterByteTimeout = TimeSpan.FromMilliseconds(100);

    private readonly List<byte> _buffer = [];
    private long _lastByteAt;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var now = time.GetTimestamp();
        if (_buffer.Count > 0 && time.GetElapsedTime(_lastByteAt, now) > InterByteTimeout)
        {
            _buffer.Clear();
        }

        _buffer.AddRange(bytes);
        _lastByteAt = now;
    }

    /// <summary>Hands back the unparsed bytes, e.g. when the chip falls asleep mid-buffer.</summary>
    public byte[] TakeRemaining()
    {
        var rest = _buffer.ToArray();
        _buffer.Clear();
        return rest;
    }

    public void Discard() => _buffer.Clear();

    public bool TryRead(out HostFrame frame)
    {
        frame = default;
        while (true)
        {
            if (!SkipToStartCode() || _buffer.Count < 4)
            {
                return false;
            }

            var first = _buffer[2];
            var second = _buffer[3];
            if (first == 0x00 && second == 0xFF)
            {
                _buffer.RemoveRange(0, 4);
                frame = HostFrame.Ack;
                return true;
            }

            if (first == 0xFF && second == 0x00)
            {
                _buffer.RemoveRange(0, 4);
                frame = HostFrame.Nack;
                return true;
            }

            int header;
            int length;
            if (first == 0xFF && second == 0xFF)
            {
                if (_buffer.Count < 7)
                {
                    return false;
                }

                if ((byte)(_buffer[4] + _buffer[5] + _buffer[6]) != 0)
                {
                    DropStartCode();
                    continue;
                }

                header = 7;
                length = (_buffer[4] << 8) | _buffer[5];
            }
            else
            {
                if ((byte)(first + second) != 0)
                {
                    DropStartCode();
                    continue;
                }

                header = 4;
                length = first;
            }

            if (length == 0 || length > Pn532Frame.MaxPayload)
            {
                DropStartCode();
                continue;
            }

            if (_buffer.Count < header + length + 1)
            {
                return false;
            }

            var payload = _buffer.GetRange(header, length).ToArray();
            var dcs = _buffer[header + length];
            if ((byte)(Pn532Frame.Sum(payload) + dcs) != 0)
            {
                DropStartCode();
                continue;
            }

            // The postamble is not waited for: it is skipped like any preamble byte before the next frame.
            _buffer.RemoveRange(0, header + length + 1);
            frame = new HostFrame(HostFrameKind.Information, payload);
            return true;
        }
    }

    private bool SkipToStartCode()
    {
        for (var i = 0; i + 1 < _buffer.Count; i++)
        {
            if (_buffer[i] == 0x00 && _buffer[i + 1] == 0xFF)
            {
                _buffer.RemoveRange(0, i);
                return true;
            }
        }

        // Keep a trailing 0x00: it may be the first half of a start code still on the wire.
        var keepLast = _buffer.Count > 0 && _buffer[^1] == 0x00;
        _buffer.RemoveRange(0, keepLast ? _buffer.Count - 1 : _buffer.Count);
        return false;
    }

    // Resynchronise after the start code of a corrupted frame.
    private void DropStartCode() => _buffer.RemoveAt(0);
}
