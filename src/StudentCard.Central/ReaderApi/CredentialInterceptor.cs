using System.Globalization;
using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;
using StudentCard.Central.SignInLimits;

namespace StudentCard.Central.ReaderApi;

/// <summary>
/// A server interceptor that checks the caller's credentials (from the call's metadata) before every call of every
/// shape; readers and enrollment desks each derive one with their own registry, headers and refusals.
/// </summary>
public abstract class CredentialInterceptor : Interceptor
{
    /// <summary>Checks the call's credentials and leaves who called in the context's user state, or throws an <see cref="RpcException"/>.</summary>
    protected abstract Task AuthenticateAsync(ServerCallContext context);

    protected static IPAddress? RemoteAddress(ServerCallContext context) => context.GetHttpContext().Connection.RemoteIpAddress;

    /// <summary>
    /// Refuses, before any credential is looked at, a call whose address or claimed id has spent its failure budget:
    /// ResourceExhausted, with the seconds to wait in the "retry-after" trailer.
    /// </summary>
    protected static void RefuseIfThrottled(SignInThrottle throttle, ServerCallContext context, string? claimedId)
    {
        if (throttle.Admits(RemoteAddress(context), claimedId, out var retryAfter))
        {
            return;
        }
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        throw new RpcException(
            new Status(StatusCode.ResourceExhausted, $"Too many failed sign-ins from this address or for this id; try again in {seconds} s."),
            new Metadata { { "retry-after", seconds.ToString(CultureInfo.InvariantCulture) } });
    }

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
