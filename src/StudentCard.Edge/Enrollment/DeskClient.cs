using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace StudentCard.Edge.Enrollment;

/// <summary>The desk's gRPC channel to Central's enrollment desk service, with this desk's credentials on every call.</summary>
public sealed class DeskClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _credentials;

    public DeskClient(IOptions<DeskOptions> options)
    {
        var desk = options.Value;
        _channel = GrpcChannel.ForAddress(desk.CentralUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        });
        _credentials = new Metadata
        {
            { "x-desk-id", desk.DeskId },
            { "x-desk-secret", desk.DeskSecret },
        };
        Desk = new Protos.V1.EnrollmentDesk.EnrollmentDeskClient(_channel);
    }

    internal Protos.V1.EnrollmentDesk.EnrollmentDeskClient Desk { get; }

    public CallOptions Call(CancellationToken ct, TimeSpan? timeout = null) =>
        new(headers: _credentials, deadline: timeout is null ? null : DateTime.UtcNow + timeout.Value, cancellationToken: ct);

    public void Dispose() => _channel.Dispose();
}
