using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StudentCard.Central.SignInLimits;

/// <summary>
/// The rate-limiting policy of every staff sign-in endpoint (the sign-in page, any JSON sign-in): apply it with
/// <c>RequireRateLimiting(StaffSignInPolicy.Name)</c> or <c>[EnableRateLimiting(StaffSignInPolicy.Name)]</c>. It counts
/// each sign-in request from one remote address (showing the form is free) and answers 429 with Retry-After when spent;
/// <see cref="Staff.StaffDirectory"/> keeps each account's failure budget whichever endpoint asks.
/// </summary>
public sealed class StaffSignInPolicy(IOptions<SignInLimitsOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "staff-sign-in";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RefuseAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        var address = httpContext.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : httpContext.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter(address?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.StaffAttemptsPerAddress,
            Window = options.Value.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>A 429 with Retry-After, written for both the page's browser and a JSON client.</summary>
    public static ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return WriteTooManyAsync(context.HttpContext, retryAfter, cancellationToken);
    }

    public static ValueTask WriteTooManyAsync(HttpContext context, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return new ValueTask(context.Response.WriteAsync($"Too many sign-in attempts; try again in {seconds} s.", cancellationToken));
    }
}
