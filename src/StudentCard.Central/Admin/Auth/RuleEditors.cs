using System.Security.Claims;
using StudentCard.Central.Rights;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Auth;

/// <summary>The rule editor a signed-in account is: its purpose role and school decide which rules it manages.</summary>
public static class RuleEditors
{
    public static RuleEditor RuleEditor(this ClaimsPrincipal user) => user.Role() switch
    {
        StaffRole.SchoolAdmin => new(user.UserName(), user.ScopeOf() is null ? null : ReaderType.Gate, user.ScopeOf()),
        StaffRole.TransportAdmin or StaffRole.Librarian => new(user.UserName(), user.PurposeOf(), user.ScopeOf()),
        _ => new(user.UserName(), null, null),
    };
}
