using Grpc.Core;

namespace StudentCard.Central.DeskApi;

/// <summary>The authenticated desk of a call, put there by <see cref="DeskAuthInterceptor"/>.</summary>
public static class DeskCallContext
{
    public static string DeskId(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(DeskAuthInterceptor), out var desk) && desk is string id
            ? id
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "The call was not authenticated as a desk."));
}
