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
            if (!MqttTopics.TryParseReaderTopic(topic, out var type, out var readerId, out var kind))
            {
                logger.LogWarning("Ignored a message on unexpected topic {Topic}", topic);
                outcomes[i] = InboundOutcome.Done;
                continue;
            }
            switch (kind)
            {
                case "passages":
                    deliveries.Add((i, new PassageDelivery(type, readerId, payload.ToArray())));
                    break;
                case "status":
                    await statuses.ApplyAsync(type, readerId, payload.ToArray(), cancellationToken);
                    outcomes[i] = InboundOutcome.Done;
                    break;
                default:
                    logger.LogWarning("Ignored a message of unknown kind {Kind} from reader {ReaderId}", kind, readerId);
                    outcomes[i] = InboundOutcome.Done;
                    break;
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
}
