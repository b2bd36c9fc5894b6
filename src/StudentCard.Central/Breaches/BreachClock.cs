using System.Globalization;
using StudentCard.Central.AllowList;

namespace StudentCard.Central.Breaches;

/// <summary>
/// The local time the breach register is read and written in: the zone of the calendar's first site (the DPO acts
/// for the whole controller, not one school), else UTC. Times typed on the page are read in it; times shown carry it.
/// </summary>
public sealed class BreachClock(AccessPolicySource access, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public TimeZoneInfo Zone =>
        access.Policy.Sites.FirstOrDefault() is { } site && TimeZoneInfo.TryFindSystemTimeZoneById(site.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"2026-09-01 09:00 +02:00": local time with its offset, so a time near a clock change is never ambiguous.</summary>
    public string Show(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    /// <summary>The value a datetime-local field shows for an instant.</summary>
    public string Field(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>A datetime-local field's text read in the register's zone; empty is null; anything else not a local time is refused.</summary>
    public DateTimeOffset? Parse(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new BreachException($"The {what} must be a date and time such as 2026-09-01T08:30.");
        }
        var zone = Zone;
        if (zone.IsInvalidTime(local))
        {
            throw new BreachException($"The {what} ({text.Trim()}) does not exist in {zone.Id}: the clocks skip it. Give a time just after.");
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The first instant of a local day.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        var zone = Zone;
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
