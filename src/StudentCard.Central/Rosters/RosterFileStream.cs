namespace StudentCard.Central.Rosters;

/// <summary>
/// One roster file as it is read: counts the bytes it hands out and throws <see cref="RosterFileException"/> naming the
/// file as soon as they pass the file's limit, the limit of all files of the roster together or, for a zipped file, the
/// compression ratio. A zip bomb is stopped after a few megabytes, whatever size its header declares.
/// </summary>
public sealed class RosterFileStream(Stream inner, string file, long? compressedLength, RosterLimits limits, RosterReadTotal total, IDisposable? owner = null)
    : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Count(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Count(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Count(int read)
    {
        _read += read;
        if (_read > limits.MaxFileBytes)
        {
            throw TooLarge(file, limits);
        }
        if (compressedLength is { } compressed && _read > RosterLimits.RatioCheckedFrom && _read > compressed * limits.MaxCompressionRatio)
        {
            throw new RosterFileException(
                $"The roster file {file} expands to more than {limits.MaxCompressionRatio} times its compressed size, as no roster does (a zip bomb); nothing was imported.");
        }
        total.Add(read);
    }

    public static RosterFileException TooLarge(string file, RosterLimits limits) =>
        new($"The roster file {file} is larger than {RosterLimits.Size(limits.MaxFileBytes)} uncompressed; nothing was imported.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner?.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>The bytes read so far from all files of one roster, refused past <see cref="RosterLimits.MaxTotalBytes"/>.</summary>
public sealed class RosterReadTotal(RosterLimits limits)
{
    private long _bytes;

    public void Add(int read)
    {
        _bytes += read;
        if (_bytes > limits.MaxTotalBytes)
        {
            throw new RosterFileException($"The roster files are larger than {RosterLimits.Size(limits.MaxTotalBytes)} uncompressed together; nothing was imported.");
        }
    }
}
