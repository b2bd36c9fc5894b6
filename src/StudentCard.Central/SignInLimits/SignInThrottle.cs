using System.Net;
using System.Threading.RateLimiting;

namespace StudentCard.Central.SignInLimits;

/// <summary>
/// Counts failed sign-ins per remote address and per claimed account, each in a fixed window; once either is spent,
/// attempts from that address or for that account are refused before any credential is looked at. A successful
/// sign-in costs nothing, so a healthy fleet, or a reader reconnecting after a network cut, never meets the limit.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    // Claimed names are the caller's choice: all that could not be an account share one budget.
    private const string NotAnAccount = "(not an account name)";
    private const int LongestAccount = 64;

    private readonly PartitionedRateLimiter<SignInAttempt> _failures;

    /// <param name="failuresPerAddress">Null where the address is limited elsewhere (staff: the <see cref="StaffSignInPolicy"/>).</param>
    public SignInThrottle(int? failuresPerAddress, int failuresPerAccount, TimeSpan window)
    {
        _failures = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<SignInAttempt, string>(attempt => attempt.Address is { } address && failuresPerAddress is { } perAddress
                ? RateLimitPartition.GetFixedWindowLimiter(address.ToString(), _ => Window(perAddress, window))
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<SignInAttempt, string>(attempt => attempt.Account is { } account
                ? RateLimitPartition.GetFixedWindowLimiter(AccountKey(account), _ => Window(failuresPerAccount, window))
                : RateLimitPartition.GetNoLimiter("")));
    }

    /// <summary>Whether this address and account may try now; when not, how long until they may.</summary>
    public bool Admits(IPAddress? address, string? account, out TimeSpan retryAfter)
    {
        // Asking for no permit only looks: it consumes nothing.
        using var lease = _failures.AttemptAcquire(new SignInAttempt(Normalise(address), account), permitCount: 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    /// <summary>Spends one failure of this address's and this account's budgets.</summary>
    public void Failed(IPAddress? address, string? account) =>
        _failures.AttemptAcquire(new SignInAttempt(Normalise(address), account)).Dispose();

    public void Dispose() => _failures.Dispose();

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string AccountKey(string account) =>
        account.Length is > 0 and <= LongestAccount ? account : NotAnAccount;

    // An IPv4 client seen on a dual-stack socket is the same address as over IPv4.
    private static IPAddress? Normalise(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    private sealed record SignInAttempt(IPAddress? Address, string? Account);
}
