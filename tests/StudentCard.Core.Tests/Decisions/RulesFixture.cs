using StudentCard.Core.Passages;
using StudentCard.Core.Rules;

namespace StudentCard.Core.Tests.Decisions;

/// <summary>One school's policy in Paris time, used by the rule tables.</summary>
internal static class RulesFixture
{
    public const string Card = "0123456789abcdef0123456789abcdef";

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static readonly Site North = new("north", "Europe/Paris",
    [
        new Closure(new DateOnly(2026, 11, 11), new DateOnly(2026, 11, 11), "Armistice"),
        new Closure(new DateOnly(2026, 12, 19), new DateOnly(2027, 1, 3), "Winter holidays"),
    ], new GeoPoint(48.8566, 2.3522));

    public static readonly AccessPolicy Policy = new(
        [
            new Schedule("pupils", [new TimeWindow(Weekdays, new TimeOnly(7, 0), new TimeOnly(18, 0)), new TimeWindow([DayOfWeek.Saturday], new TimeOnly(8, 0), new TimeOnly(12, 0))]),
            new Schedule("boarding", [new TimeWindow([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], new TimeOnly(18, 0), new TimeOnly(8, 0))]),
            new Schedule("sunday-night", [new TimeWindow([DayOfWeek.Sunday], new TimeOnly(2, 0), new TimeOnly(3, 0))]),
        ],
        [North, new Site("south", "Europe/Paris", [])],
        [
            new ZonePolicy("north", "main", AntiPassbackMode.Hard, TimeSpan.FromHours(12), new TimeOnly(3, 0)),
            new ZonePolicy("north", "annex", AntiPassbackMode.Soft, TimeSpan.FromHours(12), new TimeOnly(3, 0)),
            new ZonePolicy("north", "hall", AntiPassbackMode.Off, TimeSpan.FromHours(12), new TimeOnly(3, 0)),
        ],
        TimeSpan.FromDays(3));

    public static readonly ReaderPlace MainIn = new(ReaderType.Gate, "north", "main", Direction: Direction.In);

    /// <summary>An instant given as Paris wall-clock time with its offset ("2026-11-23T07:00+01:00").</summary>
    public static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    public static AllowListEntry Entry(string? schedule = "pupils", string? places = null, CardStatus status = CardStatus.Active, string from = "2025-09-01T00:00+02:00", string until = "2027-07-05T00:00+02:00") =>
        new(Card, At(from), At(until), status, places, schedule);

    public static AccessDecision Decide(AllowListEntry? entry, string at, ReaderPlace? reader = null, RecentPassage? last = null, SiteMode? mode = null, bool stale = false) =>
        AccessRules.Decide(Card, entry, new TapContext(reader ?? MainIn, At(at), Policy, last, mode, stale));
}
