using StudentCard.Central.AllowList;

namespace StudentCard.Central.Admin.Pupils;

/// <summary>The time zone a school's people read times in: its first site's in the calendar; UTC when no site belongs to the school.</summary>
public static class SchoolTime
{
    public static TimeZoneInfo ZoneOf(AccessPolicySource access, string school) =>
        access.TimeZoneOf(school) is { } zone ? TimeZoneInfo.FindSystemTimeZoneById(zone) : TimeZoneInfo.Utc;
}
