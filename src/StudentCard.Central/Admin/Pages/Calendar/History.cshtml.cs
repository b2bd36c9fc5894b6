using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Calendar;

namespace StudentCard.Central.Admin.Pages.Calendar;

/// <summary>Every version of the calendar, newest first, with who changed it, when and why.</summary>
[Authorize(Policy = AdminPolicies.Calendar)]
public sealed class HistoryModel(CalendarEditor editor) : PageModel
{
    public const int Shown = 500;

    public IReadOnlyList<CalendarHistoryEntry> Versions { get; private set; } = [];

    public async Task OnGetAsync() => Versions = await editor.HistoryAsync(Shown, HttpContext.RequestAborted);
}
