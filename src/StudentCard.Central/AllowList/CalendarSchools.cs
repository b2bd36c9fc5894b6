using System.Text.Json;
using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>
/// Which school (as the vault names it) owns each site and schedule; a site or schedule not named here belongs to no
/// school, so only an operator changes it and no school admin sees its passages.
/// </summary>
public sealed record CalendarSchools(IReadOnlyDictionary<string, string> Sites, IReadOnlyDictionary<string, string> Schedules)
{
    public static readonly CalendarSchools None = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    public string? OfSite(string site) => Sites.GetValueOrDefault(site);

    /// <summary>
    /// The sites of <paramref name="policy"/> that belong to a school (by the vault's school name, compared exactly), in
    /// policy order; none for a null school or a school no site names, so a school-scoped account without a site sees
    /// nothing rather than everything.
    /// </summary>
    public IReadOnlyList<string> SitesOf(AccessPolicy policy, string? school) =>
        school is null ? [] : policy.Sites.Where(s => string.Equals(OfSite(s.Name), school, StringComparison.Ordinal)).Select(s => s.Name).ToList();

    public string? OfSchedule(string schedule) => Schedules.GetValueOrDefault(schedule);

    /// <summary>Sorted by name, so the same owners are always the same text.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new CalendarSchools(new SortedDictionary<string, string>(Sites.ToDictionary(), StringComparer.Ordinal), new SortedDictionary<string, string>(Schedules.ToDictionary(), StringComparer.Ordinal)),
        JsonSerializerOptions.Web);

    public static CalendarSchools Parse(string json) =>
        JsonSerializer.Deserialize<CalendarSchools>(json, JsonSerializerOptions.Web) ?? throw new InvalidDataException("The calendar's schools are empty.");
}
