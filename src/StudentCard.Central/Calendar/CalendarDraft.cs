using StudentCard.Central.AllowList;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Calendar;

/// <summary>The calendar in force, copied to be changed; becomes the next version's policy and schools.</summary>
internal sealed class CalendarDraft(AccessPolicy current, CalendarSchools schools)
{
    public List<Site> Sites { get; } = [.. current.Sites];

    public List<Schedule> Schedules { get; } = [.. current.Schedules];

    public List<ZonePolicy> Zones { get; } = [.. current.Zones];

    public List<BusRoute> Routes { get; } = [.. current.Routes];

    public Dictionary<string, string> SiteSchools { get; } = new(schools.Sites, StringComparer.Ordinal);

    public Dictionary<string, string> ScheduleSchools { get; } = new(schools.Schedules, StringComparer.Ordinal);

    public Site? FindSite(string? name) => Sites.Find(s => s.Name == name);

    public Schedule? FindSchedule(string? name) => Schedules.Find(s => s.Name == name);

    public void Replace(Site site, Site changed) => Sites[Sites.IndexOf(site)] = changed;

    public AccessPolicy Policy() => new(Schedules, Sites, Zones, current.MaxListAge) { Routes = Routes };

    public CalendarSchools Schools() => new(SiteSchools, ScheduleSchools);
}
