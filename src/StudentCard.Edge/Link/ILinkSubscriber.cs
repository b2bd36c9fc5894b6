namespace StudentCard.Edge.Link;

/// <summary>A part of the agent that receives Central's messages on its own topic filters through the agent's one MQTT session.</summary>
public interface ILinkSubscriber
{
    /// <summary>The filters MqttLink subscribes to for this part on every connection (QoS 1); empty when it has none on this reader.</summary>
    IReadOnlyList<string> TopicFilters { get; }

    /// <summary>Handles one message on a matching topic; must not throw for a malformed payload (log it and ignore it).</summary>
    void Receive(string topic, ReadOnlySpan<byte> payload);
}
