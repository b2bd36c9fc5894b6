using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StudentCard.Central.Messaging;

/// <summary>Readiness of the event plane: Central's own MQTT client is connected to the broker (embedded or external).</summary>
public sealed class BrokerHealthCheck(IMqttPublisher client) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(client.IsConnected
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Central is not connected to the MQTT broker."));
}
