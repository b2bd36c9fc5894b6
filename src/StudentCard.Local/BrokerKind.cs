namespace StudentCard.Local;

/// <summary>Which broker carries MQTT in a local system.</summary>
public enum BrokerKind
{
    Embedded,
    Mosquitto,
}
