using System.Net.Sockets;

namespace StudentCard.Edge.Reader;

/// <summary>A reader reached over TCP, as the firmware simulator serves it.</summary>
public sealed class TcpReaderTransport : IReaderTransport
{
    private readonly string _host;
    private readonly int _port;
    private TcpClient? _client;
    private NetworkStream? _stream;

    public TcpReaderTransport(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _host = host;
        _port = port;
    }

    public bool IsOpen => _client?.Connected == true;

    public async Task OpenAsync(CancellationToken ct)
    {
        if (IsOpen)
        {
            return;
        }
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(_host, _port, ct).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            client.Dispose();
            throw new ReaderTransportException($"Cannot connect to reader at {_host}:{_port}: {ex.Message}", ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        _client = client;
        _stream = client.GetStream();
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var stream = _stream ?? throw new ReaderTransportException("The TCP reader connection is not open.");
        try
        {
            return await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw new ReaderTransportException($"Reading from reader at {_host}:{_port} failed: {ex.Message}", ex);
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct)
    {
        var stream = _stream ?? throw new ReaderTransportException("The TCP reader connection is not open.");
        try
        {
            await stream.WriteAsync(buffer, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw new ReaderTransportException($"Writing to reader at {_host}:{_port} failed: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
        return ValueTask.CompletedTask;
    }
}
