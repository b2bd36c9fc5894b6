using StudentCard.Core.Rules;

namespace StudentCard.Core.Tests.Decisions;

/// <summary>Two windows of one schedule overlap when some moment of the week lies in both, midnight and the week's end included.</summary>
public sealed class TimeWindowOverlapTests
{
    [Theory]
    // Same day, overlapping or touching times (the end is exclusive, so touching is no overlap).
    [InlineData("Mon", "07:00", "12:00", "Mon", "11:00", "17:00", true)]
    [InlineData("Mon", "07:00", "12:00", "Mon", "12:00", "17:00", false)]
    [InlineData("Mon-Fri", "07:00", "17:00", "Wed", "08:00", "09:00", true)]
    [InlineData("Mon", "07:00", "17:00", "Tue", "07:00", "17:00", false)]
    // Past midnight: Monday's night runs into Tuesday morning.
    [InlineData("Mon", "18:00", "08:00", "Tue", "07:00", "09:00", true)]
    [InlineData("Mon", "18:00", "08:00", "Tue", "08:00", "09:00", false)]
    [InlineData("Mon", "18:00", "08:00", "Mon", "06:00", "07:00", false)]
    // Saturday's night runs into Sunday, across the week's end.
    [InlineData("Sat", "22:00", "02:00", "Sun", "01:00", "03:00", true)]
    [InlineData("Sun", "01:00", "03:00", "Sat", "22:00", "02:00", true)]
    // Two nights past midnight on the same days.
    [InlineData("Mon-Thu", "18:00", "08:00", "Fri", "20:00", "06:00", false)]
    [InlineData("Mon-Thu", "18:00", "08:00", "Thu", "23:00", "01:00", true)]
    public void Windows_overlap_when_some_moment_of_the_week_is_in_both(string days1, string start1, string end1, string days2, string start2, string end2, bool overlap)
    {
        var first = Window(days1, start1, end1);
        var second = Window(days2, start2, end2);

        Assert.Equal(overlap, first.Overlaps(second));
        Assert.Equal(overlap, second.Overlaps(first));
    }

    private static TimeWindow Window(string days, string start, string end) =>
        new(Days(days), TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

    private static IReadOnlyList<DayOfWeek> Days(string text) => text switch
    {
        "Mon-Fri" => [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        "Mon-Thu" => [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday],
        _ => [Enum.GetValues<DayOfWeek>().Single(d => d.ToString().StartsWith(text, StringComparison.Ordinal))],
    };
}
