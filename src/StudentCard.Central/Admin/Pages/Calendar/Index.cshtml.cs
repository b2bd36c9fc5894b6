using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.AllowList;
using StudentCard.Central.Calendar;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Pages.Calendar;

/// <summary>
/// The schools' calendar and places: sites (local time, closures, zones), schedules as people write them, bus routes, and
/// a form for each change the signed-in person may make, each with a reason. The calendar service decides, as for the API.
/// </summary>
[Authorize(Policy = AdminPolicies.Calendar)]
public sealed class IndexModel(CalendarEditor editor, AccessPolicySource source, TimeProvider time) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    /// <summary>Left out of a form: the school stays as it is; an operator's empty field: no school.</summary>
    [BindProperty, System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] public string? School { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public double? Latitude { get; set; }
    [BindProperty] public double? Longitude { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Label { get; set; }
    [BindProperty] public string? Zone { get; set; }
    [BindProperty] public string? AntiPassback { get; set; }
    [BindProperty] public double ResetAfterHours { get; set; } = 12;
    [BindProperty] public string? DailyReset { get; set; }

    /// <summary>A schedule's windows, one a line ("Mon-Fri 07:00-17:00").</summary>
    [BindProperty] public string? Windows { get; set; }

    [BindProperty] public string? Reason { get; set; }

    /// <summary>What the forms for a new zone and a new site start with.</summary>
    public static readonly CalendarView.ZoneView NewZone = new("", "Off", 12, "03:00");

    public static readonly CalendarView.SiteView NewSite = new("", null, "Europe/Paris", null, null, null, [], []);

    public CalendarView View { get; private set; } = null!;

    public CalendarActor Actor { get; private set; } = null!;

    public string? Error { get; private set; }

    public string? Outcome { get; private set; }

    public bool CanEditSite(CalendarView.SiteView site) => Actor.IsOperator || Actor.AdministersSchool(site.School);

    public bool CanEditSchedule(CalendarView.ScheduleView schedule) => Actor.IsOperator || Actor.AdministersSchool(schedule.School);

    public bool CanAddSchedule => Actor.IsOperator || (Actor.Role == StaffRole.SchoolAdmin && Actor.School is not null);

    public bool CanEditRoutes => Actor.IsOperator || Actor.Role == StaffRole.TransportAdmin;

    public void OnGet() => Load();

    public Task OnPostAddSiteAsync() => RunAsync((a, r, ct) => editor.AddSiteAsync(a, SiteEdit(), r, ct));

    public Task OnPostChangeSiteAsync() => RunAsync((a, r, ct) => editor.ChangeSiteAsync(a, SiteEdit(), r, ct));

    public Task OnPostDeleteSiteAsync() => RunAsync((a, r, ct) => editor.DeleteSiteAsync(a, Name ?? "", r, ct));

    public Task OnPostAddClosureAsync() => RunAsync((a, r, ct) => editor.AddClosureAsync(a, Name ?? "", new ClosureEdit(From ?? "", To, Label), r, ct));

    public Task OnPostDeleteClosureAsync() => RunAsync((a, r, ct) => editor.DeleteClosureAsync(a, Name ?? "", From ?? "", To ?? From ?? "", r, ct));

    public Task OnPostAddZoneAsync() => RunAsync((a, r, ct) => editor.AddZoneAsync(a, Name ?? "", ZoneEdit(), r, ct));

    public Task OnPostChangeZoneAsync() => RunAsync((a, r, ct) => editor.ChangeZoneAsync(a, Name ?? "", ZoneEdit(), r, ct));

    public Task OnPostDeleteZoneAsync() => RunAsync((a, r, ct) => editor.DeleteZoneAsync(a, Name ?? "", Zone ?? "", r, ct));

    public Task OnPostAddScheduleAsync() => RunAsync((a, r, ct) => editor.AddScheduleAsync(a, ScheduleEdit(), r, ct));

    public Task OnPostChangeScheduleAsync() => RunAsync((a, r, ct) => editor.ChangeScheduleAsync(a, ScheduleEdit(), r, ct));

    public Task OnPostDeleteScheduleAsync() => RunAsync((a, r, ct) => editor.DeleteScheduleAsync(a, Name ?? "", r, ct));

    public Task OnPostAddRouteAsync() => RunAsync((a, r, ct) => editor.AddRouteAsync(a, new RouteEdit(Name ?? "", Label), r, ct));

    public Task OnPostChangeRouteAsync() => RunAsync((a, r, ct) => editor.ChangeRouteAsync(a, new RouteEdit(Name ?? "", Label), r, ct));

    public Task OnPostDeleteRouteAsync() => RunAsync((a, r, ct) => editor.DeleteRouteAsync(a, Name ?? "", r, ct));

    private SiteEdit SiteEdit() => new(Name ?? "", School, TimeZone ?? "", Latitude, Longitude);

    private ZoneEdit ZoneEdit() => new(Zone ?? "", AntiPassback ?? "", ResetAfterHours, DailyReset ?? "");

    private ScheduleEdit ScheduleEdit() => new(Name ?? "", School, CalendarWords.ParseWindows(Windows));

    private async Task RunAsync(Func<CalendarActor, string, CancellationToken, Task<long>> change)
    {
        try
        {
            var version = await change(StaffActor.Calendar(User), Reason ?? "", HttpContext.RequestAborted);
            Outcome = $"Saved as calendar version {version}; the readers fetch it now.";
        }
        catch (CalendarException refused)
        {
            Error = refused.Message;
            if (refused.Forbidden)
            {
                Response.StatusCode = StatusCodes.Status403Forbidden;
            }
        }
        Load();
    }

    private void Load()
    {
        Actor = StaffActor.Calendar(User);
        View = CalendarView.Of(source, time.GetUtcNow());
    }
}
