using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Auth;

/// <summary>
/// Checks each request's sign-in cookie (pages and the JSON API alike) against the staff store. A deleted, disabled or
/// locked account, one whose password changed since the cookie was issued, or one that must now choose a new password, is
/// signed out at once rather than when the cookie expires. A changed role, school or name replaces the cookie's claims, so
/// no request runs with a stale role.
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
            || account.Disabled
            || account.LockedUntil > time.GetUtcNow()
            || issuedFor != account.PasswordChangedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)
            || (directory.IsExpired(account) && !user.MustChangePassword()))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (user.Role() != account.Role || user.ScopeOf() != account.Scope || user.DisplayName() != account.DisplayName)
        {
            context.ReplacePrincipal(StaffClaims.Principal(account, user.MustChangePassword()));
            context.ShouldRenew = true;
        }
    }
}
