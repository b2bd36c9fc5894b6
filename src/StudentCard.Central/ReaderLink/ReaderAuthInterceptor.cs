using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Readers;

namespace StudentCard.Central.ReaderLink;

/// <summary>
/// Authenticates every reader call from its "x-reader-id" and "x-reader-secret" metadata and
/// hands the reader to the service; refuses unknown, wrong-secret and revoked readers.
/// </summary>
public sealed class ReaderAuthInterceptor(ReaderRegistry registry, ILogger<ReaderAuthInterceptor> logger) : Interceptor
{
    public const string ReaderIdHeader = "x-reader-id";
    public const string ReaderSecretHeader = "x-reader-secret";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var readerId = context.RequestHeaders.GetValue(ReaderIdHeader);
        var secret = context.RequestHeaders.GetValue(ReaderSecretHeader);
        if (string.IsNullOrEmpty(readerId) || string.IsNullOrEmpty(secret))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"Reader credentials missing: send the '{ReaderIdHeader}' and '{ReaderSecretHeader}' metadata."));
        }
        var check = await registry.CheckAsync(readerId, secret, context.CancellationToken);
        switch (check.Outcome)
        {
            case ReaderCheckOutcome.Authenticated:
                context.UserState[typeof(RegisteredReader)] = check.Reader!;
                return;
            case ReaderCheckOutcome.Revoked:
                logger.LogWarning("Refused {Method} for revoked reader {ReaderId}", context.Method, readerId);
                throw new RpcException(new Status(StatusCode.PermissionDenied, $"Reader '{readerId}' is revoked."));
            default:
                logger.LogWarning("Refused {Method}: unknown reader or wrong secret", context.Method);
                throw new RpcException(new Status(StatusCode.Unauthenticated, "Unknown reader or wrong secret."));
        }
    }
}
