namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>
/// Splits one direction of a PN532 HSU line into its information frames (TFI and data), skipping
/// wake-up bytes, ACK and NACK frames and anything that fails its checksums. The board under test
/// uses it to see, from the bytes alone, which card each listing named and what each WriteGPIO showed.
/// </summary>
public sealed class Pn532LineScanner
{
    private readonly List<byte> _buffer = [];

    /// <summary>Adds bytes as they crossed the line and returns the complete information frames they finished.</summary>
    public IReadOnlyList<byte[]> Feed(ReadOnlySpan<byte> bytes)
    {
        _buffer.AddRange(bytes);
        var frames = new List<byte[]>();
        while (true)
        {
            var start = StartCode();
            if (start < 0)
            {
                // Keep a trailing 0x00: it may be the first half of the next start code.
                var keep = _buffer.Count > 0 && _buffer[^1] == 0x00 ? 1 : 0;
                _buffer.RemoveRange(0, _buffer.Count - keep);
                return frames;
            }
            _buffer.RemoveRange(0, start);
            if (_buffer.Count < 4)
            {
                return frames;
            }
            int length = _buffer[2];
            var lengthChecksum = _buffer[3];
            if ((length == 0x00 && lengthChecksum == 0xFF) || (length == 0xFF && lengthChecksum == 0x00))
            {
                // ACK or NACK.
                _buffer.RemoveRange(0, 4);
                continue;
            }
            if (length == 0xFF && lengthChecksum == 0xFF)
            {
                if (_buffer.Count < 7)
                {
                    return frames;
                }
                length = (_buffer[4] << 8) | _buffer[5];
                if (!TryTake(headerLength: 7, length, frames, validLength: (byte)(_buffer[4] + _buffer[5] + _buffer[6]) == 0))
                {
                    return frames;
                }
                continue;
            }
            if (!TryTake(headerLength: 4, length, frames, validLength: (byte)(length + lengthChecksum) == 0))
            {
                return frames;
            }
        }
    }

    // Returns false when more bytes are needed; otherwise consumes the frame (or just its start code when it is not one).
    private bool TryTake(int headerLength, int length, List<byte[]> frames, bool validLength)
    {
        if (!validLength || length == 0)
        {
            _buffer.RemoveRange(0, 2);
            return true;
        }
        if (_buffer.Count < headerLength + length + 1)
        {
            return false;
        }
        var body = _buffer.GetRange(headerLength, length).ToArray();
        var dataChecksum = _buffer[headerLength + length];
        var sum = dataChecksum;
        foreach (var b in body)
        {
            sum += b;
        }
        if ((byte)sum == 0)
        {
            frames.Add(body);
            _buffer.RemoveRange(0, headerLength + length + 1);
        }
        else
        {
            _buffer.RemoveRange(0, 2);
        }
        return true;
    }

    private int StartCode()
    {
        for (var i = 0; i + 1 < _buffer.Count; i++)
        {
            if (_buffer[i] == 0x00 && _buffer[i + 1] == 0xFF)
            {
                return i;
            }
        }
        return -1;
    }
}
