namespace StudentCard.Core.Rules;

/// <summary>A school site: its time zone (IANA id) for schedules, its closures, and optionally where it is.</summary>
public sealed record Site(string Name, string TimeZone, IReadOnlyList<Closure> Closures, GeoPoint? Location = null)
{
    private TimeZoneInfo? _zone;

    [System.Text.Json.Serialization.JsonIgnore]
    public TimeZoneInfo Zone => _zone ??= TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public DateTime LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public bool IsClosedOn(DateOnly day) => Closures.Any(c => c.Contains(day));

    /// <summary>The instant the site's clock last showed <paramref name="time"/> at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LastLocal(TimeOnly time, DateTimeOffset now)
    {
        for (var day = DateOnly.FromDateTime(LocalTime(now)); ; day = day.AddDays(-1))
        {
            foreach (var instant in Instants(day, time))
            {
                if (instant <= now)
                {
                    return instant;
                }
            }
        }
    }

    /// <summary>When the clock shows this time on this day, latest first: twice in a fall-back hour, shifted past a spring-forward gap.</summary>
    private IEnumerable<DateTimeOffset> Instants(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        var offsets = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local) : [Zone.GetUtcOffset(local)];
        return offsets.Select(offset => new DateTimeOffset(local, offset)).OrderByDescending(i => i);
    }
}
