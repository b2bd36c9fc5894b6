using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.SignInLimits;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// POST /api/account/sign-in: the sign-in page's check for programs, with a JSON body, answered with the same cookie.
/// The same <see cref="StaffDirectory.SignInAsync"/> counts failures, throttles and locks the account, and the same
/// <see cref="StaffSignInPolicy"/> limits the attempts per address; an expired password gets no cookie at all (the
/// page's cookie for it only reaches the password change, which a program cannot use).
/// </summary>
public static class SignInApi
{
    public const string WrongCredentials = "The user name or password is not right.";

    public const string DisabledAccount = "This account is disabled; ask an operator if you need it again.";

    public static void MapSignInApi(this IEndpointRouteBuilder app) =>
        app.MapPost(StaffSignInRequest.Path, SignInAsync).AllowAnonymous().RequireRateLimiting(StaffSignInPolicy.Name);

    private static async Task<IResult> SignInAsync(StaffSignInRequest request, HttpContext context, StaffDirectory staff)
    {
        var outcome = await staff.SignInAsync((request.UserName ?? "").Trim(), request.Password ?? "", context.RequestAborted);
        switch (outcome.Status)
        {
            case SignInStatus.Failed:
                return Refused(StatusCodes.Status401Unauthorized, WrongCredentials);
            case SignInStatus.LockedOut:
                return Refused(StatusCodes.Status401Unauthorized, $"This account is locked after repeated failed sign-ins, until {outcome.LockedUntil:yyyy-MM-dd HH:mm} UTC.");
            case SignInStatus.Disabled:
                return Refused(StatusCodes.Status403Forbidden, DisabledAccount);
            case SignInStatus.PasswordExpired:
                return Refused(StatusCodes.Status403Forbidden, "This account's password has expired: sign in to the admin UI and choose a new one first.");
            case SignInStatus.Throttled:
                await StaffSignInPolicy.WriteTooManyAsync(context, outcome.RetryAfter!.Value, context.RequestAborted);
                return Results.Empty;
        }
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffClaims.Principal(outcome.Account!, passwordExpired: false));
        return Results.NoContent();
    }

    private static IResult Refused(int status, string error) => Results.Json(new StaffSignInRefusal(error), statusCode: status);
}
