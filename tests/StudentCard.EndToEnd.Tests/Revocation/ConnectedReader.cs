using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace StudentCard.EndToEnd.Tests.Revocation;

/// <summary>
/// Someone holding a reader's id and secret, as an agent does: an MQTT session under the reader's client id that records
/// what arrives and when it was closed, and gRPC calls with the reader's credentials. The contract's types belong to Central
/// and the agent, so the call is made on the wire: an empty HelloRequest is zero bytes.
/// </summary>
public sealed class ConnectedReader : IAsyncDisposable
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    private static readonly Method<byte[], byte[]> Hello = new(MethodType.Unary, "studentcard.v1.ReaderLink", "Hello", Bytes, Bytes);

    private readonly IMqttClient _mqtt = new MqttClientFactory().CreateMqttClient();
    private readonly GrpcChannel _grpc;
    private readonly string _secret;
    private readonly int _mqttPort;

    private ConnectedReader(string readerId, string secret, string grpcUrl, int mqttPort)
    {
        ReaderId = readerId;
        _secret = secret;
        _mqttPort = mqttPort;
        _grpc = GrpcChannel.ForAddress(grpcUrl);
        _mqtt.ApplicationMessageReceivedAsync += e =>
        {
            Inbox.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        _mqtt.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                Disconnected.TrySetResult(DateTimeOffset.UtcNow);
            }
            return Task.CompletedTask;
        };
    }

    public string ReaderId { get; }

    public Channel<MqttApplicationMessage> Inbox { get; } = Channel.CreateUnbounded<MqttApplicationMessage>();

    /// <summary>When the broker closed the session (UTC, this machine's clock).</summary>
    public TaskCompletionSource<DateTimeOffset> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<ConnectedReader> ConnectAsync(string readerId, string secret, string grpcUrl, int mqttPort)
    {
        var reader = new ConnectedReader(readerId, secret, grpcUrl, mqttPort);
        var result = await reader._mqtt.ConnectAsync(reader.Options());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return reader;
    }

    /// <summary>A second login with the same credentials, on a new client: its CONNACK's code.</summary>
    public async Task<MqttClientConnectResultCode> ReconnectAsync()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var refusal = MqttClientConnectResultCode.UnspecifiedError;
        client.DisconnectedAsync += e =>
        {
            refusal = e.ConnectResult?.ResultCode ?? refusal;
            return Task.CompletedTask;
        };
        try
        {
            return (await client.ConnectAsync(Options())).ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            return refusal;
        }
    }

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter) =>
        (await _mqtt.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build()))
            .Items.Single().ResultCode;

    /// <summary>ReaderLink.Hello with the reader's credentials; throws the call's <see cref="RpcException"/> when refused.</summary>
    public async Task HelloAsync()
    {
        var headers = new Metadata { { "x-reader-id", ReaderId }, { "x-reader-secret", _secret } };
        await _grpc.CreateCallInvoker().AsyncUnaryCall(Hello, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(20)), []);
    }

    private MqttClientOptions Options() =>
        new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mqttPort).WithClientId(ReaderId).WithCredentials(ReaderId, _secret)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithCleanSession(false).WithSessionExpiryInterval(3600)
            .WithTimeout(TimeSpan.FromSeconds(20)).Build();

    public ValueTask DisposeAsync()
    {
        _mqtt.Dispose();
        _grpc.Dispose();
        return ValueTask.CompletedTask;
    }
}
