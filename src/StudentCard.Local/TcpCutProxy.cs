using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StudentCard.Local;

/// <summary>
/// A loopback TCP proxy between agents and the broker that a scenario can cut (every open connection
/// reset at once, as a dropped mobile link) or hold down (new connections closed at once).
/// </summary>
public sealed class TcpCutProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly Task _accepting;
    private volatile bool _down;
    private long _cuts;

    public TcpCutProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public long Cuts => Interlocked.Read(ref _cuts);

    /// <summary>Resets every open connection.</summary>
    public void CutAll()
    {
        Interlocked.Increment(ref _cuts);
        foreach (var socket in _open.Keys)
        {
            Reset(socket);
        }
    }

    /// <summary>Down: open connections are reset and new ones closed at once, until Up.</summary>
    public void Down()
    {
        _down = true;
        CutAll();
    }

    public void Up() => _down = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_down)
            {
                Reset(client);
                continue;
            }
            _ = PairAsync(client);
        }
    }

    private async Task PairAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset(client);
            upstream.Dispose();
            return;
        }
        _open[client] = 0;
        _open[upstream] = 0;
        await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        Reset(client);
        Reset(upstream);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void Reset(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            // Linger 0: an RST, not a polite FIN, as when a link drops.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        await _accepting;
        _stop.Dispose();
    }
}
