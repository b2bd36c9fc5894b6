using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>
/// The "Access" section: the schools' sites (time zone, closures, position), gate schedules and zones (anti-passback).
/// Checked at start, and stored as the first calendar version when the purpose store has none (<see cref="AccessPolicySource"/>);
/// from then on the calendar is edited in the admin UI and these settings are not read for it.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>How long an agent's list stays trustworthy without word from Central (an unknown card then reads as "list out of date").</summary>
    [Range(1, 24 * 90)]
    public int MaxListAgeHours { get; set; } = 72;

    /// <summary>A card seen at two sites further apart than this speed allows is flagged as possibly cloned.</summary>
    [Range(10, 1000)]
    public double ImpossibleJourneyKmh { get; set; } = ImpossibleJourney.DefaultMaxSpeedKmh;

    /// <summary>Each site's name is checked at start: it becomes a topic level and a place name's first part.</summary>
    [ValidateEnumeratedItems]
    public List<SiteOptions> Sites { get; set; } = [];

    public List<ScheduleOptions> Schedules { get; set; } = [];

    public List<ZoneOptions> Zones { get; set; } = [];

    /// <summary>The bus routes rules may give; each name is checked at start like a site's.</summary>
    [ValidateEnumeratedItems]
    public List<RouteOptions> Routes { get; set; } = [];

    /// <summary>The school each site and schedule belongs to, as these options name them.</summary>
    public CalendarSchools Schools() => new(
        Sites.Where(s => !string.IsNullOrWhiteSpace(s.School)).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First().School!),
        Schedules.Where(s => !string.IsNullOrWhiteSpace(s.School)).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First().School!));

    /// <summary>The policy these options describe; an option that cannot be read is a <see cref="FormatException"/> naming it.</summary>
    public AccessPolicy ToPolicy() => new(
        Schedules.Select(s => new Schedule(s.Name, s.Windows.Select(w => new TimeWindow(WeekDays.Parse(w.Days), ParseTime(w.Start), ParseTime(w.End))).ToList())).ToList(),
        Sites.Select(s => new Site(
            s.Name,
            s.TimeZone,
            s.Closures.Select(c => new Closure(ParseDate(c.From), ParseDate(c.To ?? c.From), c.Label)).ToList(),
            s.Latitude is { } lat && s.Longitude is { } lon ? new GeoPoint(lat, lon) : null)).ToList(),
        Zones.Select(z => new ZonePolicy(z.Site, z.Zone, z.AntiPassback, TimeSpan.FromHours(z.ResetAfterHours), ParseTime(z.DailyReset))).ToList(),
        TimeSpan.FromHours(MaxListAgeHours))
    {
        Routes = Routes.Select(r => new BusRoute(r.Name, r.Label)).ToList(),
    };

    private static TimeOnly ParseTime(string value) =>
        TimeOnly.TryParseExact(value, ["HH:mm", "HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"'{value}' is not a time of day (HH:mm).");

    private static DateOnly ParseDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"'{value}' is not a date (yyyy-MM-dd).");

    /// <summary>A school site.</summary>
    public sealed class SiteOptions
    {
        [Required, Identifier("Access:Sites:Name")]
        public string Name { get; set; } = "";

        [Required]
        public string TimeZone { get; set; } = "Europe/Paris";

        public double? Latitude { get; set; }

        public double? Longitude { get; set; }

        public List<ClosureOptions> Closures { get; set; } = [];

        /// <summary>The one school this site belongs to (as the vault names it), whose school admins see its passages; none: no school admin does.</summary>
        public string? School { get; set; }
    }

    /// <summary>A bus route.</summary>
    public sealed class RouteOptions
    {
        [Required, Identifier("Access:Routes:Name")]
        public string Name { get; set; } = "";

        public string? Label { get; set; }
    }

    /// <summary>Days a site is closed (To defaults to From).</summary>
    public sealed class ClosureOptions
    {
        public string From { get; set; } = "";

        public string? To { get; set; }

        public string? Label { get; set; }
    }

    /// <summary>A named gate schedule.</summary>
    public sealed class ScheduleOptions
    {
        [Required, RegularExpression("^[a-z0-9-]{1,64}$")]
        public string Name { get; set; } = "";

        /// <summary>The school whose admins may change this schedule; none: only an operator does.</summary>
        public string? School { get; set; }

        public List<WindowOptions> Windows { get; set; } = [];
    }

    /// <summary>"Mon-Fri" (or "Mon,Wed,Sat"), "07:00", "18:00"; an end at or before the start runs past midnight.</summary>
    public sealed class WindowOptions
    {
        public string Days { get; set; } = "";

        public string Start { get; set; } = "";

        public string End { get; set; } = "";
    }

    /// <summary>Anti-passback for one gate zone.</summary>
    public sealed class ZoneOptions
    {
        public string Site { get; set; } = "";

        public string Zone { get; set; } = "";

        public AntiPassbackMode AntiPassback { get; set; } = AntiPassbackMode.Off;

        [Range(1, 48)]
        public double ResetAfterHours { get; set; } = 12;

        public string DailyReset { get; set; } = "03:00";
    }
}
