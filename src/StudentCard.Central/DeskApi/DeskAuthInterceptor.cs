using Grpc.Core;
using Microsoft.Extensions.Logging;
using StudentCard.Central.ReaderApi;
using StudentCard.Central.SignInLimits;

namespace StudentCard.Central.DeskApi;

/// <summary>
/// Authenticates every enrollment desk call from its "x-desk-id" and "x-desk-secret" metadata and
/// hands the desk id to the service; refuses unknown, wrong-secret and revoked desks, and so every
/// purpose reader, whose credentials are not in the desk registry; callers whose address or claimed id has spent its
/// failure budget are refused unchecked.
/// </summary>
public sealed class DeskAuthInterceptor(DeskRegistry registry, SignInThrottles throttles, ILogger<DeskAuthInterceptor> logger) : CredentialInterceptor
{
    public const string DeskIdHeader = "x-desk-id";
    public const string DeskSecretHeader = "x-desk-secret";

    protected override async Task AuthenticateAsync(ServerCallContext context)
    {
        var deskId = context.RequestHeaders.GetValue(DeskIdHeader);
        var secret = context.RequestHeaders.GetValue(DeskSecretHeader);
        RefuseIfThrottled(throttles.Desks, context, deskId);
        if (string.IsNullOrEmpty(deskId) || string.IsNullOrEmpty(secret))
        {
            throttles.Desks.Failed(RemoteAddress(context), deskId);
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"Desk credentials missing: send the '{DeskIdHeader}' and '{DeskSecretHeader}' metadata. Purpose readers cannot use the enrollment desk service."));
        }
        switch (await registry.CheckAsync(deskId, secret, context.CancellationToken))
        {
            case DeskCheckOutcome.Authenticated:
                context.UserState[typeof(DeskAuthInterceptor)] = deskId;
                return;
            case DeskCheckOutcome.Revoked:
                logger.LogWarning("Refused {Method} for revoked desk {DeskId}", context.Method, deskId);
                throw new RpcException(new Status(StatusCode.PermissionDenied, $"Desk '{deskId}' is revoked."));
            default:
                throttles.Desks.Failed(RemoteAddress(context), deskId);
                logger.LogWarning("Refused {Method}: unknown desk or wrong secret", context.Method);
                throw new RpcException(new Status(StatusCode.Unauthenticated, "Unknown desk or wrong secret."));
        }
    }
}
