namespace StudentCard.Core.Rules;

/// <summary>
/// A purpose's shared rules, sent to its readers with the allow-list: schedules by name, sites (time zone, closures),
/// gate zones (anti-passback), and how old a list may get before an unknown card is blamed on the list rather than the card.
/// </summary>
public sealed record AccessPolicy(
    IReadOnlyList<Schedule> Schedules,
    IReadOnlyList<Site> Sites,
    IReadOnlyList<ZonePolicy> Zones,
    TimeSpan MaxListAge)
{
    public static readonly AccessPolicy Empty = new([], [], [], TimeSpan.FromDays(3));

    private readonly IReadOnlyList<BusRoute> _routes = [];

    /// <summary>The bus routes rules may name; a bus reader's own route comes from its settings. A policy written without them has none.</summary>
    public IReadOnlyList<BusRoute> Routes { get => _routes; init => _routes = value ?? []; }

    public BusRoute? FindRoute(string? name) => name is null ? null : Routes.FirstOrDefault(r => r.Name == name);

    public Schedule? FindSchedule(string name) => Schedules.FirstOrDefault(s => s.Name == name);

    public Site? FindSite(string? name) => name is null ? null : Sites.FirstOrDefault(s => s.Name == name);

    public ZonePolicy? FindZone(string? site, string? zone) =>
        site is null || zone is null ? null : Zones.FirstOrDefault(z => z.Site == site && z.Zone == zone);

    /// <summary>Every name referred to exists and every value is in range; the messages say what is wrong.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var site in Sites)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(site.TimeZone, out _))
            {
                problems.Add($"site '{site.Name}': unknown time zone '{site.TimeZone}'");
            }
            problems.AddRange(site.Closures.Where(c => c.To < c.From).Select(c => $"site '{site.Name}': closure ends ({c.To}) before it starts ({c.From})"));
        }
        problems.AddRange(Sites.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => $"site '{g.Key}' is defined twice"));
        problems.AddRange(Routes.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => $"route '{g.Key}' is defined twice"));
        problems.AddRange(Schedules.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => $"schedule '{g.Key}' is defined twice"));
        foreach (var schedule in Schedules)
        {
            problems.AddRange(schedule.Windows.Where(w => w.Days.Count == 0).Select(_ => $"schedule '{schedule.Name}': a window has no days"));
            problems.AddRange(schedule.Windows.Where(w => w.Start == w.End).Select(w => $"schedule '{schedule.Name}': a window starts and ends at {w.Start}"));
        }
        foreach (var zone in Zones)
        {
            if (FindSite(zone.Site) is null)
            {
                problems.Add($"zone '{zone.Site}/{zone.Zone}': no site '{zone.Site}'");
            }
            if (zone.AntiPassback != AntiPassbackMode.Off && zone.ResetAfter <= TimeSpan.Zero)
            {
                problems.Add($"zone '{zone.Site}/{zone.Zone}': anti-passback needs a positive reset time");
            }
        }
        if (MaxListAge <= TimeSpan.Zero)
        {
            problems.Add("the maximum allow-list age must be positive");
        }
        return problems;
    }
}
