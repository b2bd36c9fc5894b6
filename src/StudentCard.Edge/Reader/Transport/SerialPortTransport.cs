using System.IO.Ports;

namespace StudentCard.Edge.Reader;

/// <summary>A PN532 on a UART (HSU): 8N1, no handshake.</summary>
public sealed class SerialPortTransport : IReaderTransport
{
    // SerialStream.ReadAsync ignores cancellation on Linux, so reads block for at most this
    // long and then look at the token again.
    private const int ReadSliceMs = 50;
    private const int WriteTimeoutMs = 2000;

    private readonly string _portName;
    private readonly int _baudRate;
    private SerialPort? _port;
    private byte[] _readBuffer = new byte[256];

    public SerialPortTransport(string portName, int baudRate = 115200)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        _portName = portName;
        _baudRate = baudRate;
    }

    public bool IsOpen => _port?.IsOpen == true;

    public Task OpenAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (IsOpen)
        {
            return Task.CompletedTask;
        }
        var port = new SerialPort(_portName, _baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = ReadSliceMs,
            WriteTimeout = WriteTimeoutMs,
        };
        try
        {
            port.Open();
            port.DiscardInBuffer();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new ReaderTransportException($"Cannot open serial port {_portName}: {ex.Message}", ex);
        }
        _port = port;
        return Task.CompletedTask;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var port = _port ?? throw new ReaderTransportException($"Serial port {_portName} is not open.");
        if (_readBuffer.Length < buffer.Length)
        {
            _readBuffer = new byte[buffer.Length];
        }
        var scratch = _readBuffer;
        int count = await Task.Run(() => ReadSlices(port, scratch, buffer.Length, ct), ct).ConfigureAwait(false);
        scratch.AsSpan(0, count).CopyTo(buffer.Span);
        return count;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var port = _port ?? throw new ReaderTransportException($"Serial port {_portName} is not open.");
        try
        {
            port.Write(buffer.ToArray(), 0, buffer.Length);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw new ReaderTransportException($"Writing to serial port {_portName} failed: {ex.Message}", ex);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        var port = Interlocked.Exchange(ref _port, null);
        if (port is not null)
        {
            try
            {
                port.Close();
            }
            catch (IOException)
            {
                // The device may already be gone; closing is best effort.
            }
            port.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private int ReadSlices(SerialPort port, byte[] scratch, int count, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                int read = port.Read(scratch, 0, count);
                if (read > 0)
                {
                    return read;
                }
            }
            catch (TimeoutException)
            {
                // Nothing arrived in this slice; check the token and read again.
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or ObjectDisposedException)
            {
                throw new ReaderTransportException($"Reading from serial port {_portName} failed: {ex.Message}", ex);
            }
        }
    }
}
