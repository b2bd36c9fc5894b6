using Grpc.Core;
using Grpc.Core.Interceptors;

namespace StudentCard.Central.ReaderApi;

/// <summary>
/// A server interceptor that checks the caller's credentials (from the call's metadata) before every call of every
/// shape; readers and enrollment desks each derive one with their own registry, headers and refusals.
/// </summary>
public abstract class CredentialInterceptor : Interceptor
{
    /// <summary>Checks the call's credentials and leaves who called in the context's user state, or throws an <see cref="RpcException"/>.</summary>
    protected abstract Task AuthenticateAsync(ServerCallContext context);

    public sealed override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public sealed override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public sealed override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public sealed override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }
}
