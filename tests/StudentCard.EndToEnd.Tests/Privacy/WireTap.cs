using System.Net;
using System.Net.Sockets;

namespace StudentCard.EndToEnd.Tests.Privacy;

/// <summary>
/// A loopback TCP relay that records every byte in both directions: the agents talk MQTT and gRPC
/// to Central through it, so the leak scan sees exactly what crossed the wire (MQTT payloads and
/// gRPC message bodies are not compressed).
/// </summary>
public sealed class WireTap : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _captured = new();
    private readonly Lock _gate = new();
    private readonly Task _accepting;

    public WireTap(int targetPort)
    {
        _listener.Start();
        _accepting = AcceptAsync(targetPort);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public byte[] Captured()
    {
        lock (_gate)
        {
            return _captured.ToArray();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(int targetPort)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client, targetPort);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client, int targetPort)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, targetPort, _stop.Token);
                var up = CopyAsync(client.GetStream(), server.GetStream());
                var down = CopyAsync(server.GetStream(), client.GetStream());
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lock (_gate)
                {
                    _captured.Write(buffer, 0, read);
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
