using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.AllowList;
using StudentCard.Central.Calendar;

namespace StudentCard.Central.Admin.Pages.Calendar;

/// <summary>
/// Every version of the calendar, newest first, with who changed it, when and why; times in the zone of the signed-in
/// person's school (<see cref="AccessPolicySource.ZoneOf"/>), as on the pupils page.
/// </summary>
[Authorize(Policy = AdminPolicies.Calendar)]
public sealed class HistoryModel(CalendarEditor editor, AccessPolicySource access) : PageModel
{
    public const int Shown = 500;

    public IReadOnlyList<CalendarHistoryEntry> Versions { get; private set; } = [];

    public TimeZoneInfo Zone => access.ZoneOf(User.ScopeOf());

    public async Task OnGetAsync() =>
        Versions = (await editor.HistoryAsync(Shown, HttpContext.RequestAborted))
            .Select(v => v with { CommittedAt = TimeZoneInfo.ConvertTime(v.CommittedAt, Zone) })
            .ToList();
}
