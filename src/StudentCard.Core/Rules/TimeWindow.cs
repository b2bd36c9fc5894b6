namespace StudentCard.Core.Rules;

/// <summary>
/// Opening hours on some weekdays, in the site's local time, start inclusive and end exclusive. An end at or
/// before the start runs past midnight and belongs to the day it starts on (a boarding house open 18:00–08:00).
/// </summary>
public sealed record TimeWindow(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool CrossesMidnight => End <= Start;

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
