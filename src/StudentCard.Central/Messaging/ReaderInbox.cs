using MQTTnet;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StudentCard.Central.Messaging;

/// <summary>
/// Hands what readers sent to the features that handle it, and acknowledges each message only after its handler
/// committed and its reply went out. It runs beside the MQTT client rather than inside it, so features that publish
/// (and are called while a message is handled) depend on the client without the client depending on them.
/// </summary>
public sealed class ReaderInbox(CentralMqttClient client, ReaderMessageRouter router, ILogger<ReaderInbox> logger) : BackgroundService
{
    /// <summary>
    /// Takes whatever messages are waiting (up to 64) as one group: their passages are committed
    /// together, the acks go out concurrently, and each message is acknowledged to the broker only
    /// after its ack was published. A failure leaves the whole group unacknowledged for redelivery.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        const int MaxGroup = 64;
        var group = new List<MqttApplicationMessageReceivedEventArgs>(MaxGroup);
        try
        {
            while (await client.Received.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                while (group.Count < MaxGroup && client.Received.TryRead(out var waiting))
                {
                    group.Add(waiting);
                }
                if (stoppingToken.IsCancellationRequested)
                {
                    // Left unacknowledged: the broker keeps them in Central's session for the next start.
                    continue;
                }
                try
                {
                    var outcomes = await router.RouteManyAsync(group.Select(e => (e.ApplicationMessage.Topic, e.ApplicationMessage.Payload)).ToList(), stoppingToken);
                    var published = await Task.WhenAll(outcomes.Select(o => o.Reply is null ? Task.FromResult(true) : client.PublishAsync(o.Reply, stoppingToken)));
                    for (var i = 0; i < group.Count; i++)
                    {
                        if (published[i] && outcomes[i].Acknowledge)
                        {
                            await group[i].AcknowledgeAsync(stoppingToken);
                        }
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(exception, "Could not handle {Count} messages (first on {Topic}); they stay unacknowledged", group.Count, group[0].ApplicationMessage.Topic);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Central is stopping: what still waits stays unacknowledged, and the broker keeps it in Central's session.
        }
    }
}
