using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using StudentCard.Central.AllowList;
using StudentCard.Central.Hosting;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging;

/// <summary>
/// Central's one MQTT client, the same against the embedded and an external broker: a persistent
/// MQTT 5 session, a reconnect loop with backoff, passages and status in, acks and notices out.
/// An inbound message is acknowledged (PUBACK) only after its handler committed and replied.
/// </summary>
public sealed class CentralMqttClient(
    CentralEndpoints endpoints,
    ServiceCredential credential,
    ReaderMessageRouter router,
    AllowListQueries allowLists,
    TimeProvider time,
    ILogger<CentralMqttClient> logger) : BackgroundService
{
    public const string ClientId = "studentcard-central";

    private const uint SessionExpirySeconds = 7 * 24 * 3600;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConnectionCheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<MqttApplicationMessageReceivedEventArgs> _inbox = Channel.CreateUnbounded<MqttApplicationMessageReceivedEventArgs>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _connectLock = new(1, 1);

    public bool IsConnected => _client.IsConnected;

    /// <summary>Raised after every (re)connection, so features with retained messages can repeat them to a broker that lost them.</summary>
    public event Func<CancellationToken, Task>? Connected;

    /// <summary>Connects once before the host reports started, so nothing published right after start is missed.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync += EnqueueAsync;
        await TryConnectAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_client.IsConnected)
        {
            // A normal disconnect keeps the session (and its queued messages) on the broker.
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        _connectLock.Dispose();
        base.Dispose();
    }

    /// <summary>Publishes with QoS 1; false when the broker is not reachable now.</summary>
    public async Task<bool> PublishAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }
        var application = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(message.Retain)
            .Build();
        try
        {
            var result = await _client.PublishAsync(application, cancellationToken);
            if (!result.IsSuccess)
            {
                logger.LogWarning("The broker refused a publish to {Topic}: {ReasonCode}", message.Topic, result.ReasonCode);
            }
            return result.IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not publish to {Topic}: {Problem}", message.Topic, e.Message);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var processing = ProcessInboxAsync(stoppingToken);
        var delay = FirstRetryDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_client.IsConnected || await TryConnectAsync(stoppingToken))
                {
                    delay = FirstRetryDelay;
                    await Task.Delay(ConnectionCheckInterval, time, stoppingToken);
                }
                else
                {
                    await Task.Delay(delay, time, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        _inbox.Writer.TryComplete();
        await processing;
    }

    private async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_client.IsConnected)
            {
                return true;
            }
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(endpoints.MqttHost, endpoints.MqttPort)
                .WithClientId(ClientId)
                .WithCredentials(credential.Username, credential.Password)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(false)
                .WithSessionExpiryInterval(SessionExpirySeconds)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                .WithTimeout(TimeSpan.FromSeconds(10))
                .Build();
            var result = await _client.ConnectAsync(options, cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                logger.LogWarning("The MQTT broker at {Host}:{Port} refused Central: {ResultCode}", endpoints.MqttHost, endpoints.MqttPort, result.ResultCode);
                return false;
            }
            var subscription = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(MqttTopics.AllPassages, MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(MqttTopics.AllStatus, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _client.SubscribeAsync(subscription, cancellationToken);
            logger.LogInformation("Central connected to the MQTT broker at {Host}:{Port} (session present: {SessionPresent})",
                endpoints.MqttHost, endpoints.MqttPort, result.IsSessionPresent);
            await RepublishAllowListNoticesAsync(cancellationToken);
            foreach (var handler in Connected?.GetInvocationList().Cast<Func<CancellationToken, Task>>() ?? [])
            {
                await handler(cancellationToken);
            }
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Central could not connect to the MQTT broker at {Host}:{Port}: {Problem}", endpoints.MqttHost, endpoints.MqttPort, e.Message);
            return false;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>Notices published while the broker was away are repeated, so every reader learns the current versions.</summary>
    private async Task RepublishAllowListNoticesAsync(CancellationToken cancellationToken)
    {
        foreach (var (purpose, version) in await allowLists.AllVersionsAsync(cancellationToken))
        {
            await PublishAsync(AllowListNotices.Notice(purpose, version), cancellationToken);
        }
    }

    private Task EnqueueAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Handled on the inbox loop, not here: replying (QoS 1) from inside the receive callback could wait on itself.
        e.AutoAcknowledge = false;
        _inbox.Writer.TryWrite(e);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes whatever messages are waiting (up to 64) as one group: their passages are committed
    /// together, the acks go out concurrently, and each message is acknowledged to the broker only
    /// after its ack was published. A failure leaves the whole group unacknowledged for redelivery.
    /// </summary>
    private async Task ProcessInboxAsync(CancellationToken stoppingToken)
    {
        const int MaxGroup = 64;
        var group = new List<MqttApplicationMessageReceivedEventArgs>(MaxGroup);
        while (await _inbox.Reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            while (group.Count < MaxGroup && _inbox.Reader.TryRead(out var waiting))
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
                var published = await Task.WhenAll(outcomes.Select(o => o.Reply is null ? Task.FromResult(true) : PublishAsync(o.Reply, stoppingToken)));
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
}
