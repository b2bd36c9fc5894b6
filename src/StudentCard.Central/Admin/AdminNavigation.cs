using StudentCard.Central.Admin.Auth;

namespace StudentCard.Central.Admin;

/// <summary>
/// The admin UI's menu: one entry per page, shown only to those the page's policy admits. A new page
/// adds one line here and an [Authorize(Policy = ...)] on its model.
/// </summary>
public static class AdminNavigation
{
    public static IReadOnlyList<NavigationEntry> Entries { get; } =
    [
        new("Passages", "/Passages/Index", AdminPolicies.PassagesRead),
        new("Traffic", "/Traffic/Index", AdminPolicies.PassagesRead),
        new("Alerts", "/Alerts/Index", AdminPolicies.PassagesRead),
        new("Pupils", "/Pupils/Index", AdminPolicies.Pupils),
        new("Cards", "/Cards/Index", AdminPolicies.Cards),
        new("Access rules", "/Rules/Index", AdminPolicies.Rules),
        new("Pupil passages", "/PupilPassages/Index", AdminPolicies.PupilPassages),
        new("Who is inside", "/RollCall/Index", AdminPolicies.RollCall),
        new("Lockdown", "/Safety/Index", AdminPolicies.SafetyCommand),
        new("Calendar", "/Calendar/Index", AdminPolicies.Calendar),
        new("Re-identify", "/Reidentification/Index", AdminPolicies.Reidentify),
        new("Readers", "/Readers/Index", AdminPolicies.Readers),
        new("Staff", "/Staff/Index", AdminPolicies.Staff),
        new("Audit log", "/Audit/Index", AdminPolicies.AuditRead),
        new("Roster import", "/Roster/Index", AdminPolicies.RosterImport),
        new("Data-subject requests", "/DataSubjects/Index", AdminPolicies.DataSubjects),
        new("Breaches", "/Breaches/Index", AdminPolicies.Breaches),
    ];
}

/// <summary>One menu entry: its title, its Razor page and the policy that admits to it.</summary>
public sealed record NavigationEntry(string Title, string Page, string Policy);
