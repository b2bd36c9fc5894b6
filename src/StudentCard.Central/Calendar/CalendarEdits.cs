namespace StudentCard.Central.Calendar;

/// <summary>
/// A site as an operator adds or changes it; a school admin changes only the time zone and position of their own school's
/// site. In a change, a null school leaves the site's school as it is and a blank one takes it away.
/// </summary>
public sealed record SiteEdit(string Name, string? School, string TimeZone, double? Latitude, double? Longitude);

/// <summary>Days a site is closed (holidays, closures): local dates "yyyy-MM-dd", both ends inclusive; no end means one day.</summary>
public sealed record ClosureEdit(string From, string? To, string? Label);

/// <summary>Anti-passback for one gate zone of a site: "Off", "Soft" or "Hard", reset after some hours and daily at a local time ("03:00").</summary>
public sealed record ZoneEdit(string Zone, string AntiPassback, double ResetAfterHours, string DailyReset);

/// <summary>A named gate schedule and its weekly windows; a school admin's schedules belong to their own school. The school as in <see cref="SiteEdit"/>.</summary>
public sealed record ScheduleEdit(string Name, string? School, IReadOnlyList<WindowEdit> Windows);

/// <summary>One weekly window as people write it: "Mon-Fri", "07:00", "17:00"; an end at or before the start runs past midnight.</summary>
public sealed record WindowEdit(string Days, string Start, string End);

/// <summary>A bus route by the name bus readers and rules use, with a label for people.</summary>
public sealed record RouteEdit(string Name, string? Label);

/// <summary>
/// A calendar change refused, with a message for the person that says why; nothing was changed. <see cref="Forbidden"/>:
/// the change is not this person's to make (another school's site, a role that edits no calendar).
/// </summary>
public sealed class CalendarException(string message, bool forbidden = false) : Exception(message)
{
    public bool Forbidden { get; } = forbidden;
}
