using Grpc.Core;
using StudentCard.Central.ReaderAccounts;

namespace StudentCard.Central.ReaderApi;

/// <summary>The authenticated reader of a call, put there by <see cref="ReaderAuthInterceptor"/>.</summary>
public static class ServerCallContextExtensions
{
    public static RegisteredReader Reader(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(RegisteredReader), out var reader) && reader is RegisteredReader registered
            ? registered
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "The call was not authenticated."));
}
