namespace StudentCard.Central.SignInLimits;

/// <summary>The sign-in limits' wiring: their options, the failure budgets and ASP.NET Core's rate limiter with the staff sign-in policy.</summary>
public static class SignInLimitsExtensions
{
    public static void AddSignInLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SignInLimitsOptions>().BindConfiguration(SignInLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottles>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy<string, StaffSignInPolicy>(StaffSignInPolicy.Name);
        });
    }
}
