using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using StudentCard.Central.Hosting;

namespace StudentCard.Central.Tests.Support;

/// <summary>An agent's MQTT side, as a test drives it: connect with reader credentials, publish, collect what arrives.</summary>
public sealed class ReaderMqtt : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<MqttApplicationMessage> _received = Channel.CreateUnbounded<MqttApplicationMessage>();

    private ReaderMqtt()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    public static async Task<(ReaderMqtt Client, MqttClientConnectResult Result)> TryConnectAsync(
        CentralEndpoints endpoints, string clientId, string username, string password)
    {
        var reader = new ReaderMqtt();
        MqttClientConnectResult? refusal = null;
        reader._client.DisconnectedAsync += e =>
        {
            refusal ??= e.ConnectResult;
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(endpoints.MqttHost, endpoints.MqttPort)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(Patience)
            .Build();
        try
        {
            return (reader, await reader._client.ConnectAsync(options));
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException) when (refusal is not null)
        {
            // MQTTnet throws on a refused CONNACK; the result itself arrives with the disconnect event.
            return (reader, refusal);
        }
    }

    public static async Task<ReaderMqtt> ConnectAsync(CentralEndpoints endpoints, string readerId, string secret)
    {
        var (client, result) = await TryConnectAsync(endpoints, readerId, readerId, secret);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string topic)
    {
        var result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return result.Items.Single().ResultCode;
    }

    public async Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        return await _client.PublishAsync(message);
    }

    /// <summary>The next message on a topic; fails the test if none comes within the patience window.</summary>
    public async Task<MqttApplicationMessage> NextAsync(string topic)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var message = await _received.Reader.ReadAsync(timeout.Token);
            if (message.Topic == topic)
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }
        _client.Dispose();
    }
}
