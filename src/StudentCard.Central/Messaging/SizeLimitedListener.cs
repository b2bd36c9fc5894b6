using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;
using Microsoft.Extensions.Logging;

namespace StudentCard.Central.Messaging;

/// <summary>
/// The embedded broker's TCP listener in place of MQTTnet's own, which has no packet size limit: the same channel and
/// adapter, with every connection's bytes passing through a <see cref="PacketSizeLimit"/> first.
/// </summary>
public sealed class SizeLimitedListener(int maxPacketBytes, int maxConnectPacketBytes, ILogger logger) : IMqttServerAdapter
{
    private TcpListener? _listener;
    private CancellationTokenSource? _stopping;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger mqttLogger)
    {
        var endpoint = options.DefaultEndpointOptions;
        if (!endpoint.IsEnabled)
        {
            return Task.CompletedTask;
        }
        var listener = new TcpListener(endpoint.BoundInterNetworkAddress, endpoint.Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, endpoint.ReuseAddress);
        listener.Start(endpoint.ConnectionBacklog);
        _listener = listener;
        _stopping = new CancellationTokenSource();
        _ = AcceptAsync(listener, options, mqttLogger, _stopping.Token);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => Stop();

    private void Stop()
    {
        _stopping?.Cancel();
        _stopping?.Dispose();
        _stopping = null;
        _listener?.Stop();
        _listener = null;
    }

    private async Task AcceptAsync(TcpListener listener, MqttServerOptions options, IMqttNetLogger mqttLogger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                logger.LogWarning("The embedded broker could not accept a connection: {Error}", e.Message);
                continue;
            }
            _ = Task.Run(() => ServeAsync(socket, options, mqttLogger), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, MqttServerOptions options, IMqttNetLogger mqttLogger)
    {
        var endpoint = options.DefaultEndpointOptions;
        socket.NoDelay = endpoint.NoDelay;
        var stream = new NetworkStream(socket, ownsSocket: true);
        await using (stream)
        {
            try
            {
                var channel = new PacketSizeLimit(new MqttTcpChannel(stream, socket.LocalEndPoint, socket.RemoteEndPoint, null), maxPacketBytes, maxConnectPacketBytes);
                using var adapter = new MqttChannelAdapter(channel, new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax)), mqttLogger)
                {
                    AllowPacketFragmentation = endpoint.AllowPacketFragmentation,
                };
                if (ClientHandler is { } handler)
                {
                    await handler(adapter);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The client went away mid-connection; MQTTnet has already ended its session.
                logger.LogDebug("An embedded broker connection ended: {Error}", e.Message);
            }
        }
    }
}
