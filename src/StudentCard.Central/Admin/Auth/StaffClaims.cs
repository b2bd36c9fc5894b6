using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Auth;

/// <summary>The claims a signed-in staff member carries in the sign-in cookie, and how to read them back.</summary>
public static class StaffClaims
{
    public const string Purpose = "studentcard:purpose";
    public const string Scope = "studentcard:scope";
    public const string PasswordExpired = "studentcard:password-expired";
    public const string PasswordChangedAt = "studentcard:password-changed";

    public static ClaimsPrincipal Principal(StaffAccount account, bool passwordExpired)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.GivenName, account.DisplayName),
            new(ClaimTypes.Role, account.Role.ToString()),
            new(PasswordChangedAt, account.PasswordChangedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)),
        };
        if (account.Role.Purpose() is { } purpose)
        {
            claims.Add(new Claim(Purpose, purpose.Name()));
        }
        if (account.Scope is not null)
        {
            claims.Add(new Claim(Scope, account.Scope));
        }
        if (passwordExpired)
        {
            claims.Add(new Claim(PasswordExpired, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static string UserName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("No staff member is signed in.");

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.GivenName) ?? user.UserName();

    public static StaffRole? Role(this ClaimsPrincipal user) =>
        Enum.TryParse<StaffRole>(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    /// <summary>The one purpose whose data this person reads, or null.</summary>
    public static ReaderType? PurposeOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(Purpose) is { } name && ReaderTypes.TryParse(name, out var purpose) ? purpose : null;

    public static string? ScopeOf(this ClaimsPrincipal user) => user.FindFirstValue(Scope);

    public static bool MustChangePassword(this ClaimsPrincipal user) => user.HasClaim(PasswordExpired, "true");
}
