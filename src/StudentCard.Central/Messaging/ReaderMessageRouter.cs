using System.Buffers;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Passages;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging;

/// <summary>Sends a message from a reader topic to the feature that handles its kind.</summary>
public sealed class ReaderMessageRouter(PassageIngest passages, ReaderStatusIngest statuses, ILogger<ReaderMessageRouter> logger)
{
    /// <summary>
    /// Routes messages that were waiting together: their passages are committed in one transaction,
    /// everything else in order. Returns one outcome per message, in the same order.
    /// </summary>
    public async Task<IReadOnlyList<InboundOutcome>> RouteManyAsync(IReadOnlyList<(string Topic, ReadOnlySequence<byte> Payload)> messages, CancellationToken cancellationToken)
    {
        var outcomes = new InboundOutcome[messages.Count];
        var deliveries = new List<(int Index, PassageDelivery Delivery)>();
        for (var i = 0; i < messages.Count; i++)
        {
            var (topic, payload) = messages[i];
            if (MqttTopics.TryParseReaderTopic(topic, out var type, out var readerId, out var kind) && kind == "passages")
            {
                deliveries.Add((i, new PassageDelivery(type, readerId, payload.ToArray())));
            }
            else
            {
                outcomes[i] = await RouteAsync(topic, payload, cancellationToken);
            }
        }
        if (deliveries.Count > 0)
        {
            var acked = await passages.IngestManyAsync(deliveries.Select(d => d.Delivery).ToList(), cancellationToken);
            for (var j = 0; j < deliveries.Count; j++)
            {
                var (index, delivery) = deliveries[j];
                outcomes[index] = acked[j].Count == 0
                    ? InboundOutcome.Done
                    : new InboundOutcome(true, new OutboundMessage(MqttTopics.Acks(delivery.Type, delivery.ReaderId), MessageJson.Serialize(new PassageAck(acked[j]))));
            }
        }
        return outcomes;
    }

    public async Task<InboundOutcome> RouteAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellationToken)
    {
        if (!MqttTopics.TryParseReaderTopic(topic, out var type, out var readerId, out var kind))
        {
            logger.LogWarning("Ignored a message on unexpected topic {Topic}", topic);
            return InboundOutcome.Done;
        }
        var bytes = payload.ToArray();
        switch (kind)
        {
            case "passages":
                var acked = await passages.IngestAsync(type, readerId, bytes, cancellationToken);
                return acked.Count == 0
                    ? InboundOutcome.Done
                    : new InboundOutcome(true, new OutboundMessage(MqttTopics.Acks(type, readerId), MessageJson.Serialize(new PassageAck(acked))));
            case "status":
                await statuses.ApplyAsync(type, readerId, bytes, cancellationToken);
                return InboundOutcome.Done;
            default:
                logger.LogWarning("Ignored a message of unknown kind {Kind} from reader {ReaderId}", kind, readerId);
                return InboundOutcome.Done;
        }
    }
}
