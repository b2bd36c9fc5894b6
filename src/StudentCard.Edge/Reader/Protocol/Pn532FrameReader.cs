namespace StudentCard.Edge.Reader;

/// <summary>Reads PN532 frames from a transport's byte stream, buffering partial frames between reads.</summary>
public sealed class Pn532FrameReader
{
    // An extended frame can carry 64 KiB; the buffer grows to that at most.
    private const int MaxBuffer = 0xFFFF + 16;

    private readonly IReaderTransport _transport;
    private readonly TimeSpan? _truncationTimeout;
    private readonly TimeProvider _time;
    private byte[] _buffer = new byte[512];
    private int _start;
    private int _end;

    /// <param name="transport">Where the bytes come from.</param>
    /// <param name="truncationTimeout">How long a started frame may wait for its next bytes before it counts as truncated.</param>
    /// <param name="time">Clock for the truncation timeout.</param>
    public Pn532FrameReader(IReaderTransport transport, TimeSpan? truncationTimeout = null, TimeProvider? time = null)
    {
        _transport = transport;
        _truncationTimeout = truncationTimeout;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Returns the next valid frame, or a <see cref="Pn532DecodeStatus.Corrupt"/> result (after dropping the bad
    /// start code) so the caller can ask for a retransmission.
    /// </summary>
    public async ValueTask<Pn532DecodeResult> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = Pn532FrameDecoder.Decode(_buffer.AsSpan(_start, _end - _start));
            _start += result.Consumed;
            if (result.Status != Pn532DecodeStatus.NeedMore)
            {
                return result;
            }
            // After the decoder's garbage skip, two or more bytes left means a frame has started.
            bool frameStarted = _end - _start >= 2;
            if (frameStarted && _truncationTimeout is { } limit)
            {
                if (!await FillWithinAsync(limit, ct).ConfigureAwait(false))
                {
                    _start += 2;
                    return new Pn532DecodeResult(Pn532DecodeStatus.Corrupt, 2, null, "truncated frame");
                }
                continue;
            }
            await FillAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Drops whatever has been received but not read yet (stale answers before a new command).</summary>
    public void DiscardBuffered()
    {
        _start = 0;
        _end = 0;
    }

    private async ValueTask<bool> FillWithinAsync(TimeSpan limit, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await FillAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async ValueTask FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxBuffer)
            {
                throw new Pn532ProtocolException("Receive buffer overflow: no valid PN532 frame in 64 KiB of input.");
            }
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxBuffer));
        }
        int read = await _transport.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
        if (read <= 0)
        {
            throw new ReaderTransportException("The reader connection was closed by the other end.");
        }
        _end += read;
    }
}
