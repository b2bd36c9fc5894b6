using System.Net;
using System.Net.Sockets;

namespace StudentCard.FirmwareSim.Transport;

/// <summary>Serves the chip's byte protocol on 127.0.0.1, one client at a time; output with no client is dropped.</summary>
internal sealed class TcpTransport : IBoardTransport
{
    private readonly TcpListener _listener;
    private readonly Pn532Chip _chip;
    private readonly OutboundQueue _outbound;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly Task _writeLoop;
    private volatile NetworkStream? _client;

    private TcpTransport(TcpListener listener, Pn532Chip chip, OutboundQueue outbound)
    {
        _listener = listener;
        _chip = chip;
        _outbound = outbound;
        _acceptLoop = Task.Run(AcceptLoop);
        _writeLoop = Task.Run(WriteLoop);
    }

    public string? DevicePath => null;

    public int? Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TcpTransport Start(Pn532Chip chip, OutboundQueue outbound, int port, IPAddress bind)
    {
        var listener = new TcpListener(bind, port);
        listener.Start(backlog: 1);
        return new TcpTransport(listener, chip, outbound);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _outbound.Complete();
        _listener.Stop();
        _client?.Dispose();
        await Task.WhenAll(_acceptLoop, _writeLoop);
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        try
        {
            await ServeClients();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Stopping: the listener and the client socket were closed under us.
        }
    }

    private async Task ServeClients()
    {
        var buffer = new byte[512];
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            client.NoDelay = true;
            await using var stream = client.GetStream();
            _chip.DiscardPartialInput();
            _client = stream;
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    _outbound.Received(buffer.AsSpan(0, n));
                    _chip.Receive(buffer.AsSpan(0, n));
                }
            }
            catch (IOException)
            {
                // The client went away; wait for the next one.
            }
            finally
            {
                _client = null;
            }
        }
    }

    private async Task WriteLoop()
    {
        try
        {
            await WriteQueued();
        }
        catch (OperationCanceledException)
        {
            // Stopping with output still queued.
        }
    }

    private async Task WriteQueued()
    {
        await foreach (var chunk in _outbound.Reader.ReadAllAsync(_stop.Token))
        {
            var client = _client;
            if (client is null)
            {
                continue;
            }

            try
            {
                await client.WriteAsync(chunk, _stop.Token);
                _outbound.Sent(chunk);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The client disconnected between frames.
            }
        }
    }
}
