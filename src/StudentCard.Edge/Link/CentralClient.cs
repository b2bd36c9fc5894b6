using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using StudentCard.Edge.Settings;
using StudentCard.Protos.V1;

namespace StudentCard.Edge.Link;

/// <summary>The agent's gRPC channel to Central, with this reader's credentials on every call.</summary>
public sealed class CentralClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _credentials;

    public CentralClient(IOptions<EdgeOptions> options)
    {
        var edge = options.Value;
        _channel = GrpcChannel.ForAddress(edge.CentralUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(3),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            },
        });
        _credentials = new Metadata
        {
            { "x-reader-id", edge.ReaderId },
            { "x-reader-secret", edge.ReaderSecret },
        };
        Invoker = _channel.CreateCallInvoker();
        Readers = new ReaderLink.ReaderLinkClient(Invoker);
    }

    /// <summary>
    /// The agent's channel, for a caller holding its own stubs of the contract: the generated ones are the agent's
    /// own, so that a process holding Central and agents together sees each contract type once.
    /// </summary>
    public CallInvoker Invoker { get; }

    internal ReaderLink.ReaderLinkClient Readers { get; }

    public CallOptions Call(CancellationToken ct, TimeSpan? timeout = null) =>
        new(headers: _credentials, deadline: timeout is null ? null : DateTime.UtcNow + timeout.Value, cancellationToken: ct);

    public void Dispose() => _channel.Dispose();
}
