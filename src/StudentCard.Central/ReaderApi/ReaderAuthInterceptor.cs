using Grpc.Core;
using Microsoft.Extensions.Logging;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.SignInLimits;

namespace StudentCard.Central.ReaderApi;

/// <summary>
/// Authenticates every reader call from its "x-reader-id" and "x-reader-secret" metadata and
/// hands the reader to the service; refuses unknown, wrong-secret and revoked readers, and, unchecked, callers whose
/// address or claimed id has spent its failure budget (shared with the embedded broker's logins).
/// </summary>
public sealed class ReaderAuthInterceptor(ReaderRegistry registry, SignInThrottles throttles, ILogger<ReaderAuthInterceptor> logger) : CredentialInterceptor
{
    public const string ReaderIdHeader = "x-reader-id";
    public const string ReaderSecretHeader = "x-reader-secret";

    protected override async Task AuthenticateAsync(ServerCallContext context)
    {
        var readerId = context.RequestHeaders.GetValue(ReaderIdHeader);
        var secret = context.RequestHeaders.GetValue(ReaderSecretHeader);
        RefuseIfThrottled(throttles.Readers, context, readerId);
        if (string.IsNullOrEmpty(readerId) || string.IsNullOrEmpty(secret))
        {
            throttles.Readers.Failed(RemoteAddress(context), readerId);
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
                throttles.Readers.Failed(RemoteAddress(context), readerId);
                logger.LogWarning("Refused {Method}: unknown reader or wrong secret", context.Method);
                throw new RpcException(new Status(StatusCode.Unauthenticated, "Unknown reader or wrong secret."));
        }
    }
}
