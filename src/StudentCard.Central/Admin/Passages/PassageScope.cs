using System.Security.Claims;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.AllowList;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Passages;

/// <summary>
/// Which passages a staff member may read: their role's purpose and, for a role that acts for one school, only the
/// passages whose place lies at a site of that school (<see cref="Sites"/> null: the whole purpose).
/// </summary>
public sealed record PassageScope(ReaderType Purpose, string? School, IReadOnlyList<string>? Sites)
{
    /// <summary>Told to a school-scoped person whose school no site names, by the pages and the API alike.</summary>
    public const string NoSiteNotice =
        "No site is assigned to your school (in the calendar), so there is nothing here you may see. Ask the operator to assign your school's sites.";

    /// <summary>A school-scoped account whose school no site names: it sees nothing, not everything.</summary>
    public bool SeesNothing => Sites is { Count: 0 };

    /// <summary>The scope of a signed-in person with a purpose (the passage policies require one).</summary>
    public static PassageScope Of(ClaimsPrincipal user, AccessPolicySource access)
    {
        var purpose = user.PurposeOf() ?? throw new InvalidOperationException("This account reads no passages.");
        if (user.Role() is { } role && role.NeedsSchool())
        {
            var school = user.ScopeOf();
            return new PassageScope(purpose, school, access.SitesOf(school));
        }
        return new PassageScope(purpose, null, null);
    }

    /// <summary>For the audit log: which sites the read was limited to.</summary>
    public string Describe() => Sites is null ? "" : $", sites={(Sites.Count == 0 ? "none" : string.Join("+", Sites))}";
}
