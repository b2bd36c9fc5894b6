using System.Buffers;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Passages;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging;

/// <summary>Sends a message from a reader topic to the feature that handles its kind.</summary>
public sealed class ReaderMessageRouter(PassageIngest passages, ReaderStatusIngest statuses, ILogger<ReaderMessageRouter> logger)
{
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
