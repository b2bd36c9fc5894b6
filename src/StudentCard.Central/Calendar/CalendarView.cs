using StudentCard.Central.AllowList;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Calendar;

/// <summary>The calendar in force as the page and the API show it: each site with its school, local time, closures and zones; schedules as people write them; routes.</summary>
public sealed record CalendarView(
    long Version,
    string Fingerprint,
    IReadOnlyList<CalendarView.SiteView> Sites,
    IReadOnlyList<CalendarView.ScheduleView> Schedules,
    IReadOnlyList<BusRoute> Routes)
{
    public static CalendarView Of(AccessPolicySource source, DateTimeOffset? now = null)
    {
        var policy = source.Policy;
        var schools = source.Schools;
        return new CalendarView(
            source.Version,
            source.Fingerprint,
            policy.Sites.Select(site => new SiteView(
                site.Name,
                schools.OfSite(site.Name),
                site.TimeZone,
                site.Location?.Latitude,
                site.Location?.Longitude,
                now is { } instant ? site.LocalTime(instant) : null,
                site.Closures,
                policy.Zones.Where(z => z.Site == site.Name).Select(z => new ZoneView(z.Zone, z.AntiPassback.ToString(), z.ResetAfter.TotalHours, CalendarWords.Time(z.DailyReset))).ToList())).ToList(),
            policy.Schedules.Select(s => new ScheduleView(
                s.Name,
                schools.OfSchedule(s.Name),
                s.Windows.Select(w => new WindowView(CalendarWords.Window(w), CalendarWords.DaysInput(w.Days), CalendarWords.Time(w.Start), CalendarWords.Time(w.End))).ToList())).ToList(),
            policy.Routes);
    }

    /// <summary>A site; <paramref name="LocalTime"/> is the site's clock when the page was drawn.</summary>
    public sealed record SiteView(
        string Name, string? School, string TimeZone, double? Latitude, double? Longitude, DateTime? LocalTime, IReadOnlyList<Closure> Closures, IReadOnlyList<ZoneView> Zones);

    public sealed record ZoneView(string Zone, string AntiPassback, double ResetAfterHours, string DailyReset);

    public sealed record ScheduleView(string Name, string? School, IReadOnlyList<WindowView> Windows);

    /// <summary>A window as people read it ("Mon–Fri 07:00–17:00") and as the form takes it back.</summary>
    public sealed record WindowView(string Text, string Days, string Start, string End);
}
