namespace StudentCard.Core.Messaging;

/// <summary>
/// The largest MQTT packet any party sends or accepts. The biggest legitimate one is a passage batch at the agents'
/// largest drain batch (5,000 passages of at most about 500 bytes of JSON, 2.5 MB); MQTT itself would allow 256 MB,
/// which a broker must buffer before it can look at what arrived. deploy/mosquitto/mosquitto.conf states the same figure.
/// </summary>
public static class MqttLimits
{
    public const int MaxPacketBytes = 4 * 1024 * 1024;

    /// <summary>A CONNECT packet (client id, credentials, last will) is far smaller; it arrives before the client is authenticated.</summary>
    public const int MaxConnectPacketBytes = 64 * 1024;
}
