namespace StudentCard.Central.Messaging;

/// <summary>Central's connection to the broker as features see it: publish, and hear when it (re)connects.</summary>
public interface IMqttPublisher
{
    bool IsConnected { get; }

    /// <summary>Raised after every (re)connection, so features with retained messages can repeat them to a broker that lost them.</summary>
    event Func<CancellationToken, Task>? Connected;

    /// <summary>Publishes with QoS 1; false when the broker is not reachable now.</summary>
    Task<bool> PublishAsync(OutboundMessage message, CancellationToken cancellationToken);
}
