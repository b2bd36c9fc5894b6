using Microsoft.Extensions.Options;

namespace StudentCard.Central.SignInLimits;

/// <summary>The failure budgets of each kind of sign-in; readers share one across gRPC and MQTT, since one secret serves both.</summary>
public sealed class SignInThrottles(IOptions<SignInLimitsOptions> options) : IDisposable
{
    public SignInThrottle Readers { get; } = new(options.Value.ReaderFailuresPerAddress, options.Value.ReaderFailuresPerId, options.Value.Window);

    public SignInThrottle Desks { get; } = new(options.Value.DeskFailuresPerAddress, options.Value.DeskFailuresPerId, options.Value.Window);

    /// <summary>Per account only: staff addresses are limited by the <see cref="StaffSignInPolicy"/>, which counts every request.</summary>
    public SignInThrottle StaffAccounts { get; } = new(null, options.Value.StaffFailuresPerAccount, options.Value.Window);

    public void Dispose()
    {
        Readers.Dispose();
        Desks.Dispose();
        StaffAccounts.Dispose();
    }
}
