using System.Globalization;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Calendar;

/// <summary>Schedules as people write them: "Mon–Fri 07:00–17:00", "Mon, Wed 18:00–08:00 (next day)".</summary>
public static class CalendarWords
{
    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static string Window(TimeWindow window) =>
        $"{Days(window.Days)} {Time(window.Start)}–{Time(window.End)}{(window.CrossesMidnight ? " (next day)" : "")}";

    /// <summary>Monday first; three or more days in a row become a range.</summary>
    public static string Days(IReadOnlyList<DayOfWeek> days)
    {
        var parts = new List<string>();
        var run = new List<DayOfWeek>();
        foreach (var day in Week.Append((DayOfWeek)(-1)))
        {
            if (days.Contains(day))
            {
                run.Add(day);
                continue;
            }
            if (run.Count >= 3)
            {
                parts.Add($"{Short(run[0])}–{Short(run[^1])}");
            }
            else
            {
                parts.AddRange(run.Select(Short));
            }
            run.Clear();
        }
        return string.Join(", ", parts);
    }

    /// <summary>The days as the forms take them back ("Mon-Fri", "Mon,Wed").</summary>
    public static string DaysInput(IReadOnlyList<DayOfWeek> days) => Days(days).Replace('–', '-').Replace(" ", "", StringComparison.Ordinal);

    /// <summary>
    /// Windows as a form takes them, one a line: "Mon-Fri 07:00-17:00" (days, then start and end with '-' or '–'); a line
    /// that is not is a <see cref="CalendarException"/> naming it.
    /// </summary>
    public static IReadOnlyList<WindowEdit> ParseWindows(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var parts = line.Replace('–', '-').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var times = parts.Length >= 2 ? parts[^1].Split('-') : [];
                return times.Length == 2
                    ? new WindowEdit(string.Concat(parts[..^1]), times[0], times[1])
                    : throw new CalendarException($"'{line}' is not a window: write the days, then the hours, e.g. \"Mon-Fri 07:00-17:00\". Nothing was changed.");
            })
            .ToList();

    public static string Time(TimeOnly time) => time.ToString(time.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Short(DayOfWeek day) => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(day);
}
