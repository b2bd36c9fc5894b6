using StudentCard.Central.AllowList;

namespace StudentCard.Central.Admin.Pupils;

/// <summary>The time zone a school's people read times in: its first site's (Access:Sites:…:TimeZone); UTC when no site names the school.</summary>
public static class SchoolTime
{
    public static TimeZoneInfo ZoneOf(AccessOptions access, string school) =>
        access.Sites.FirstOrDefault(s => string.Equals(s.School, school, StringComparison.Ordinal)) is { } site
            ? TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone)
            : TimeZoneInfo.Utc;
}
