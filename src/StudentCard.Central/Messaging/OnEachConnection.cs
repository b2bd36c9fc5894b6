using Microsoft.Extensions.Hosting;

namespace StudentCard.Central.Messaging;

/// <summary>
/// A service that sends what readers must find on the broker at start and again after each reconnection of Central's
/// MQTT client: a broker that was away, or the embedded one restarted, has lost what was sent before.
/// </summary>
public abstract class OnEachConnection(IMqttPublisher mqtt) : IHostedService
{
    /// <summary>The client to send through.</summary>
    protected IMqttPublisher Mqtt { get; } = mqtt;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Mqtt.Connected += OnConnectedAsync;
        // When the client connected before this service started, it could not tell it; sending again is harmless.
        if (Mqtt.IsConnected)
        {
            await OnConnectedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Mqtt.Connected -= OnConnectedAsync;
        return Task.CompletedTask;
    }

    /// <summary>Sends through the client on every connection.</summary>
    protected abstract Task OnConnectedAsync(CancellationToken cancellationToken);
}
