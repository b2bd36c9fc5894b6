namespace StudentCard.Core.Rules;

/// <summary>
/// Opening hours on some weekdays, in the site's local time, start inclusive and end exclusive. An end at or
/// before the start runs past midnight and belongs to the day it starts on (a boarding house open 18:00–08:00).
/// </summary>
public sealed record TimeWindow(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End)
{
    private const long TicksPerWeek = 7 * TimeSpan.TicksPerDay;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool CrossesMidnight => End <= Start;

    /// <summary>
    /// Whether this window and <paramref name="other"/> are open at the same moment of some week, a window past midnight
    /// counting into the next day (and Saturday's into Sunday).
    /// </summary>
    public bool Overlaps(TimeWindow other) =>
        Spans().Any(a => other.Spans().Any(b =>
            new[] { -TicksPerWeek, 0, TicksPerWeek }.Any(shift => a.From < b.To + shift && b.From + shift < a.To)));

    /// <summary>Where in the week (ticks since Sunday 00:00) the window is open, one span per day it starts on.</summary>
    private IEnumerable<(long From, long To)> Spans() =>
        Days.Select(day =>
        {
            var from = (int)day * TimeSpan.TicksPerDay + Start.Ticks;
            return (from, (int)day * TimeSpan.TicksPerDay + End.Ticks + (CrossesMidnight ? TimeSpan.TicksPerDay : 0));
        });

    public bool Contains(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        if (!CrossesMidnight)
        {
            return Days.Contains(local.DayOfWeek) && time >= Start && time < End;
        }
        // Past midnight the window still belongs to the previous day's opening.
        return (Days.Contains(local.DayOfWeek) && time >= Start)
            || (Days.Contains(local.AddDays(-1).DayOfWeek) && time < End);
    }
}
