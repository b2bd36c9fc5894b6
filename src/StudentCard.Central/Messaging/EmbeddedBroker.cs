using System.Net;
using System.Net.Sockets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.Hosting;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging;

/// <summary>
/// The MQTTnet broker inside Central (Mqtt:Mode Embedded): one command, no install. A revoked reader's sessions are closed
/// and deleted (with what they had subscribed and queued) as soon as the revocation is known.
/// </summary>
public sealed class EmbeddedBroker(
    IOptions<MqttOptions> options,
    BrokerAccessControl accessControl,
    CentralEndpoints endpoints,
    ILogger<EmbeddedBroker> logger) : IReaderRevocationListener, IAsyncDisposable
{
    private static readonly MqttServerClientDisconnectOptions Revoked = new()
    {
        ReasonCode = MqttDisconnectReasonCode.NotAuthorized,
        ReasonString = "reader revoked",
    };

    private MqttServer? _server;
    private int _port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bindAddress = IPAddress.Parse(options.Value.Host);
        // A restarted broker keeps the port it first picked, so readers find it again.
        var port = _port != 0 ? _port : options.Value.Port == 0 ? FreePort(bindAddress) : options.Value.Port;
        _port = port;
        _server?.Dispose();
        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(bindAddress)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(port)
            .WithDefaultEndpointReuseAddress()
            .WithPersistentSessions(true)
            .Build();
        // MQTTnet's server has no packet size limit of its own: its listener is replaced by one that enforces Mqtt:MaxPacketBytes.
        var listener = new SizeLimitedListener(options.Value.MaxPacketBytes, Math.Min(MqttLimits.MaxConnectPacketBytes, options.Value.MaxPacketBytes), logger);
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [listener]);
        _server.ValidatingConnectionAsync += accessControl.ValidateConnectionAsync;
        _server.InterceptingPublishAsync += accessControl.InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += accessControl.InterceptSubscriptionAsync;
        _server.ClientConnectedAsync += e => accessControl.IsRevokedClient(e.ClientId) ? CutAsync([e.ClientId]) : Task.CompletedTask;
        await _server.StartAsync();
        var connectHost = bindAddress.Equals(IPAddress.Any) ? IPAddress.Loopback.ToString() : bindAddress.ToString();
        endpoints.SetMqtt(connectHost, port);
        logger.LogInformation("Embedded MQTT broker listening on {Address}:{Port}", bindAddress, port);
    }

    /// <summary>Stops listening and drops every session (MQTTnet keeps them in memory); StartAsync starts it again on the same port.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync(new MqttServerStopOptionsBuilder().Build());
        }
        _server?.Dispose();
        _server = null;
    }

    public Task ReadersRevokedAsync(IReadOnlyCollection<string> readerIds, CancellationToken cancellationToken) =>
        CutAsync(readerIds.SelectMany(id => new[] { id, MqttClientIds.ReaderPrefix + id }).ToList());

    /// <summary>Closes these clients' connections (MQTT 5 clients are told "not authorized") and deletes their sessions.</summary>
    private async Task CutAsync(IReadOnlyCollection<string> clientIds)
    {
        if (_server is not { IsStarted: true } server)
        {
            return;
        }
        var cut = clientIds.ToHashSet(StringComparer.Ordinal);
        foreach (var client in (await server.GetClientsAsync()).Where(c => cut.Contains(c.Id)))
        {
            logger.LogWarning("Closing the MQTT session of revoked reader client {ClientId}", client.Id);
            await client.DisconnectAsync(Revoked);
        }
        foreach (var session in (await server.GetSessionsAsync()).Where(s => cut.Contains(s.Id)))
        {
            await session.DeleteAsync();
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Port 0 asks the OS for a free port; MQTTnet does not report the port it bound, so it is picked here.</summary>
    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
