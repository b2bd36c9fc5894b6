namespace StudentCard.Central.Messaging;

/// <summary>A message Central publishes (QoS 1).</summary>
public sealed record OutboundMessage(string Topic, byte[] Payload, bool Retain = false);

/// <summary>What to do with an inbound message: a reply to publish first, then whether to acknowledge it.</summary>
public sealed record InboundOutcome(bool Acknowledge, OutboundMessage? Reply = null)
{
    /// <summary>Handled (or unusable and dropped): acknowledge so the broker does not redeliver it.</summary>
    public static readonly InboundOutcome Done = new(true);

    /// <summary>Could not be handled now (store unavailable): leave it unacknowledged.</summary>
    public static readonly InboundOutcome Retry = new(false);
}
