using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Hosting;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging;

/// <summary>
/// Central's one MQTT client, the same against the embedded and an external broker: a persistent
/// MQTT 5 session, a reconnect loop with backoff, readers' passages and status in (to the <see cref="ReaderInbox"/>),
/// whatever features publish out, commands to readers signed (<see cref="CommandSignature.IsSignedTopic"/>): every
/// feature publishes through here, so none can send a reader an unsigned command. An inbound message is acknowledged (PUBACK) only after its handler committed and replied.
/// </summary>
public sealed class CentralMqttClient(
    CentralEndpoints endpoints,
    ServiceCredential credential,
    CommandSigner signer,
    TimeProvider time,
    ILogger<CentralMqttClient> logger) : BackgroundService, IMqttPublisher
{
    private const uint SessionExpirySeconds = 7 * 24 * 3600;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConnectionCheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<MqttApplicationMessageReceivedEventArgs> _inbox = Channel.CreateUnbounded<MqttApplicationMessageReceivedEventArgs>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _connectLock = new(1, 1);

    public bool IsConnected => _client.IsConnected;

    public event Func<CancellationToken, Task>? Connected;

    /// <summary>Messages from readers, in the order they arrived, each waiting for its acknowledgement.</summary>
    internal ChannelReader<MqttApplicationMessageReceivedEventArgs> Received => _inbox.Reader;

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

    public async Task<bool> PublishAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }
        var application = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(CommandSignature.IsSignedTopic(message.Topic) ? signer.Sign(message.Topic, message.Payload, time.GetUtcNow()) : message.Payload)
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
                .WithClientId(MqttClientIds.Central)
                .WithCredentials(credential.Username, credential.Password)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithMaximumPacketSize(MqttLimits.MaxPacketBytes)
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

    private Task EnqueueAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Handled on the inbox loop, not here: replying (QoS 1) from inside the receive callback could wait on itself.
        e.AutoAcknowledge = false;
        _inbox.Writer.TryWrite(e);
        return Task.CompletedTask;
    }
}
