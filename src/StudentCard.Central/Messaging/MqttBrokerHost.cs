using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StudentCard.Central.Hosting;

namespace StudentCard.Central.Messaging;

/// <summary>Starts the embedded broker in Embedded mode; in External mode only records where the external broker is.</summary>
public sealed class MqttBrokerHost(IOptions<MqttOptions> options, IServiceProvider services, CentralEndpoints endpoints) : IHostedService
{
    private EmbeddedBroker? _broker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mqtt = options.Value;
        if (mqtt.Mode == MqttMode.External)
        {
            endpoints.SetMqtt(mqtt.Host, mqtt.Port);
            return;
        }
        _broker = services.GetRequiredService<EmbeddedBroker>();
        await _broker.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _broker?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
