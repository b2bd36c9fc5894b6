using System.Threading.Channels;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>An in-memory duplex transport: what the host writes goes to a responder, what the device sends is read by the host.</summary>
internal sealed class InMemoryReaderTransport : IReaderTransport
{
    private readonly Channel<byte[]> _toHost = Channel.CreateUnbounded<byte[]>();
    private readonly List<byte[]> _written = [];
    private byte[] _pending = [];
    private int _pendingAt;

    public InMemoryReaderTransport(Func<byte[], IEnumerable<byte[]>>? responder = null)
    {
        Responder = responder;
    }

    /// <summary>Called with each host write; returns the chunks the device sends back.</summary>
    public Func<byte[], IEnumerable<byte[]>>? Responder { get; set; }

    public bool IsOpen { get; private set; }

    public bool FailOpen { get; init; }

    public IReadOnlyList<byte[]> Written
    {
        get
        {
            lock (_written)
            {
                return [.. _written];
            }
        }
    }

    public Task OpenAsync(CancellationToken ct)
    {
        if (FailOpen)
        {
            throw new ReaderTransportException("Cannot open the in-memory reader (test).");
        }
        IsOpen = true;
        return Task.CompletedTask;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        if (_pendingAt >= _pending.Length)
        {
            if (!await _toHost.Reader.WaitToReadAsync(ct))
            {
                return 0;
            }
            if (!_toHost.Reader.TryRead(out var next))
            {
                return 0;
            }
            _pending = next;
            _pendingAt = 0;
        }
        int count = Math.Min(buffer.Length, _pending.Length - _pendingAt);
        _pending.AsSpan(_pendingAt, count).CopyTo(buffer.Span);
        _pendingAt += count;
        return count;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct)
    {
        if (!IsOpen)
        {
            throw new ReaderTransportException("The in-memory reader is closed (test).");
        }
        var bytes = buffer.ToArray();
        lock (_written)
        {
            _written.Add(bytes);
        }
        foreach (var reply in Responder?.Invoke(bytes) ?? [])
        {
            Send(reply);
        }
        return ValueTask.CompletedTask;
    }

    public void Send(byte[] bytes) => _toHost.Writer.TryWrite(bytes);

    public void Send(string hex) => Send(Hex.Parse(hex));

    /// <summary>The device goes away: the host's next read returns 0.</summary>
    public void HangUp() => _toHost.Writer.TryComplete();

    public ValueTask DisposeAsync()
    {
        IsOpen = false;
        HangUp();
        return ValueTask.CompletedTask;
    }
}
