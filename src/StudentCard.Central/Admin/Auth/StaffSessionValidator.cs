using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Auth;

/// <summary>
/// Checks each request's sign-in cookie against the staff store: a deleted or locked account, or one
/// whose password changed since the cookie was issued, is signed out at once rather than when the cookie expires.
/// </summary>
public static class StaffSessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user?.Identity?.Name is not { } userName)
        {
            context.RejectPrincipal();
            return;
        }
        var directory = context.HttpContext.RequestServices.GetRequiredService<StaffDirectory>();
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var account = await directory.FindAsync(userName, context.HttpContext.RequestAborted);
        var issuedFor = user.FindFirst(StaffClaims.PasswordChangedAt)?.Value;
        if (account is null
            || account.LockedUntil > time.GetUtcNow()
            || issuedFor != account.PasswordChangedAt.UtcTicks.ToString(CultureInfo.InvariantCulture))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
