using System.Buffers;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using StudentCard.Core.Messaging;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Outbox;

namespace StudentCard.Edge.Link;

/// <summary>
/// The agent's MQTT side: a reconnect loop (MQTTnet v5 has no managed client), a persistent
/// MQTT 5 session, the outbox drained oldest first in batches with a bounded in-flight window,
/// Central's confirmations applied to the outbox, allow-list notices handed to the sync, and a
/// retained heartbeat with an "offline" last will.
/// </summary>
public sealed class MqttLink(
    PassageOutbox outbox,
    OutboxSignal signal,
    LinkState state,
    LocalAllowList allowList,
    AllowListSync allowListSync,
    OutboxAlarm alarm,
    IEnumerable<ILinkSubscriber> subscribers,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<MqttLink> logger) : BackgroundService
{
    private const int MaxInFlightBatches = 8;
    private readonly EdgeOptions _edge = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await client.ConnectAsync(ClientOptions(), stoppingToken);
                await SubscribeAsync(client, stoppingToken);
                state.MarkConnected(time.GetUtcNow());
                logger.LogInformation("Connected to the broker at {Host}:{Port}; {Backlog} passages waiting", _edge.MqttHost, _edge.MqttPort, outbox.Count);
                backoff = TimeSpan.FromMilliseconds(100);
                allowListSync.CheckNow();
                outbox.MarkAllUnsent();
                await DrainWhileConnectedAsync(client, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Broker link down ({Error}); {Backlog} passages kept in the outbox", e.Message, outbox.Count);
            }
            alarm.Check(outbox.Count);
            state.MarkDisconnected();
            await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, _edge.ReconnectMaxMs));
        }
        state.MarkDisconnected();
        if (client.IsConnected)
        {
            await PublishStatusAsync(client, "offline", CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private MqttClientOptions ClientOptions() => new MqttClientOptionsBuilder()
        .WithTcpServer(_edge.MqttHost, _edge.MqttPort)
        .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
        .WithClientId($"reader-{_edge.ReaderId}")
        .WithCredentials(_edge.ReaderId, _edge.ReaderSecret)
        .WithCleanStart(false)
        .WithSessionExpiryInterval(7 * 24 * 3600)
        .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
        .WithTimeout(TimeSpan.FromSeconds(5))
        .WithWillTopic(MqttTopics.Status(_edge.Type, _edge.ReaderId))
        .WithWillPayload(MessageJson.Serialize(new ReaderStatusMessage(_edge.ReaderId, "offline", time.GetUtcNow(), -1, -1)))
        .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithWillRetain(true)
        .Build();

    private async Task SubscribeAsync(IMqttClient client, CancellationToken ct)
    {
        var subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(MqttTopics.Acks(_edge.Type, _edge.ReaderId), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(MqttTopics.AllowList(_edge.Type), MqttQualityOfServiceLevel.AtLeastOnce);
        foreach (var filter in subscribers.SelectMany(s => s.TopicFilters))
        {
            subscription.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }
        var result = await client.SubscribeAsync(subscription.Build(), ct);
        var refused = result.Items.Where(i => (int)i.ResultCode > (int)MqttClientSubscribeResultCode.GrantedQoS2).ToArray();
        if (refused.Length > 0)
        {
            throw new InvalidOperationException($"The broker refused the subscription to {string.Join(", ", refused.Select(r => r.TopicFilter.Topic))}: {refused[0].ResultCode}");
        }
    }

    private async Task DrainWhileConnectedAsync(IMqttClient client, CancellationToken ct)
    {
        var nextHeartbeat = DateTimeOffset.MinValue;
        var topic = MqttTopics.Passages(_edge.Type, _edge.ReaderId);
        while (client.IsConnected && !ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (now >= nextHeartbeat)
            {
                await PublishStatusAsync(client, "online", ct);
                nextHeartbeat = now.AddSeconds(_edge.HeartbeatSeconds);
                alarm.Check(outbox.Count);
            }
            var resendBefore = now.AddSeconds(-_edge.ResendAfterSeconds);
            var sent = 0;
            if (outbox.InFlight(resendBefore) < MaxInFlightBatches * _edge.DrainBatchSize)
            {
                var batch = outbox.TakeBatch(_edge.DrainBatchSize, now, resendBefore);
                if (batch.Count > 0)
                {
                    var message = new MqttApplicationMessageBuilder()
                        .WithTopic(topic)
                        .WithPayload(MessageJson.Serialize(new PassageBatch(batch)))
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build();
                    var result = await client.PublishAsync(message, ct);
                    if (!result.IsSuccess)
                    {
                        throw new InvalidOperationException($"The broker refused passages: {result.ReasonCode} {result.ReasonString}");
                    }
                    sent = batch.Count;
                }
            }
            if (sent == 0)
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(250), time, ct);
            }
        }
    }

    private Task PublishStatusAsync(IMqttClient client, string status, CancellationToken ct) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.Status(_edge.Type, _edge.ReaderId))
            .WithPayload(MessageJson.Serialize(new ReaderStatusMessage(_edge.ReaderId, status, time.GetUtcNow(), outbox.Count, allowList.Current.Version)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build(), ct);

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var payload = e.ApplicationMessage.Payload.ToArray();
        state.Touch(time.GetUtcNow());
        try
        {
            if (topic == MqttTopics.Acks(_edge.Type, _edge.ReaderId))
            {
                var ack = MessageJson.Deserialize<PassageAck>(payload);
                var removed = outbox.Confirm(ack.Ids);
                state.AddConfirmed(removed);
                alarm.Check(outbox.Count);
                signal.Poke();
            }
            else if (topic == MqttTopics.AllowList(_edge.Type))
            {
                allowListSync.Notice(MessageJson.Deserialize<AllowListNotice>(payload).Version);
            }
            else
            {
                foreach (var subscriber in subscribers.Where(s => s.TopicFilters.Any(f => MqttTopicFilterComparer.Compare(topic, f) == MqttTopicFilterCompareResult.IsMatch)))
                {
                    subscriber.Receive(topic, payload);
                }
            }
        }
        catch (MalformedMessageException error)
        {
            logger.LogWarning("Ignored a malformed message on {Topic}: {Error}", topic, error.Message);
        }
        return Task.CompletedTask;
    }
}
