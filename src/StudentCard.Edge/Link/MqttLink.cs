using System.Buffers;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Link;

/// <summary>
/// The agent's MQTT side: a reconnect loop (MQTTnet v5 has no managed client), a persistent MQTT 5 session, the
/// subscribers' topics subscribed on every connection and their messages handed to them, publishing for the parts that
/// send (<see cref="ILinkPublisher"/>), and a retained heartbeat with an "offline" last will. The moments a connection
/// opens and ends are told through <see cref="LinkState"/>. It connects only once Central's command key is pinned, so no
/// retained command arrives before the agent can verify it.
/// </summary>
public sealed class MqttLink(
    LinkState state,
    ReaderStatusFigures figures,
    IEnumerable<ILinkSubscriber> subscribers,
    CommandKeyPin commandKey,
    CentralClient central,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<MqttLink> logger) : BackgroundService, ILinkPublisher
{
    private static readonly TimeSpan ConnectionCheck = TimeSpan.FromMilliseconds(250);
    private readonly EdgeOptions _edge = options.Value;
    private readonly IReadOnlyList<ILinkSubscriber> _subscribers = subscribers.ToArray();
    private IMqttClient? _client;

    public async Task PublishAsync(string topic, byte[] payload, CancellationToken ct)
    {
        var client = Volatile.Read(ref _client) ?? throw new InvalidOperationException("The broker link is not open.");
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), ct);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"The broker refused a message on {topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await commandKey.PinAsync(central, time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        var backoff = TimeSpan.FromMilliseconds(100);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        Volatile.Write(ref _client, client);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await client.ConnectAsync(ClientOptions(), stoppingToken);
                await SubscribeAsync(client, stoppingToken);
                state.MarkConnected(time.GetUtcNow());
                logger.LogInformation("Connected to the broker at {Host}:{Port}; {Backlog} passages waiting", _edge.MqttHost, _edge.MqttPort, figures.Backlog);
                backoff = TimeSpan.FromMilliseconds(100);
                await HeartbeatWhileConnectedAsync(client, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Broker link down ({Error}); {Backlog} passages kept in the outbox", e.Message, figures.Backlog);
            }
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
        Volatile.Write(ref _client, null);
    }

    private MqttClientOptions ClientOptions() => new MqttClientOptionsBuilder()
        .WithTcpServer(_edge.MqttHost, _edge.MqttPort)
        .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
        // Told to the broker, which then sends this agent nothing larger.
        .WithMaximumPacketSize(MqttLimits.MaxPacketBytes)
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
        var subscription = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in _subscribers.SelectMany(s => s.TopicFilters))
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

    private async Task HeartbeatWhileConnectedAsync(IMqttClient client, CancellationToken ct)
    {
        var nextHeartbeat = DateTimeOffset.MinValue;
        while (client.IsConnected && !ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (now >= nextHeartbeat)
            {
                await PublishStatusAsync(client, "online", ct);
                nextHeartbeat = now.AddSeconds(_edge.HeartbeatSeconds);
            }
            await Task.Delay(ConnectionCheck, time, ct);
        }
    }

    private Task PublishStatusAsync(IMqttClient client, string status, CancellationToken ct) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.Status(_edge.Type, _edge.ReaderId))
            .WithPayload(MessageJson.Serialize(new ReaderStatusMessage(_edge.ReaderId, status, time.GetUtcNow(), figures.Backlog, figures.AllowListVersion)))
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
            foreach (var subscriber in _subscribers.Where(s => s.TopicFilters.Any(f => MqttTopicFilterComparer.Compare(topic, f) == MqttTopicFilterCompareResult.IsMatch)))
            {
                subscriber.Receive(topic, payload);
            }
        }
        catch (MalformedMessageException error)
        {
            logger.LogWarning("Ignored a malformed message on {Topic}: {Error}", topic, error.Message);
        }
        return Task.CompletedTask;
    }
}
