namespace StudentCard.Edge.Link;

/// <summary>Publishes on the agent's one MQTT session to Central, for a part that sends its own messages (the outbox drain).</summary>
public interface ILinkPublisher
{
    /// <summary>
    /// Publishes one message at QoS 1 and returns once the broker took it; throws when the link is down or the broker
    /// refused it.
    /// </summary>
    Task PublishAsync(string topic, byte[] payload, CancellationToken ct);
}
