using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace StudentCard.Central.Hosting;

/// <summary>Where a started Central actually listens (ports may have been picked at start), for in-process hosts and tests.</summary>
public sealed class CentralEndpoints(IServer server)
{
    private string? _mqttHost;
    private int _mqttPort;

    /// <summary>The gRPC endpoint (HTTP/2 without TLS), e.g. http://127.0.0.1:5080. Valid after the app started.</summary>
    public string GrpcUrl
    {
        get
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Central has not started yet: no gRPC address is bound.");
            var uri = new Uri(address);
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
            return $"{uri.Scheme}://{host}:{uri.Port}";
        }
    }

    /// <summary>The broker host readers connect to (the embedded broker's address or the external one).</summary>
    public string MqttHost => _mqttHost ?? throw new InvalidOperationException("Central has not started yet: no MQTT broker is known.");

    public int MqttPort => _mqttHost is null ? throw new InvalidOperationException("Central has not started yet: no MQTT broker is known.") : _mqttPort;

    internal void SetMqtt(string host, int port)
    {
        _mqttPort = port;
        _mqttHost = host;
    }
}
