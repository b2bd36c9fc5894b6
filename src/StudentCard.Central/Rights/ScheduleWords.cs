using System.Globalization;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Rights;

/// <summary>A gate schedule's windows as people read them: "Mon–Fri 07:00–17:00, Sat 08:00–12:00".</summary>
public static class ScheduleWords
{
    private static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static string Describe(Schedule schedule) =>
        schedule.Windows.Count == 0 ? "never" : string.Join(", ", schedule.Windows.Select(Describe));

    public static string Describe(TimeWindow window) =>
        $"{Days(window.Days)} {window.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{window.End.ToString("HH:mm", CultureInfo.InvariantCulture)}";

    /// <summary>Runs of consecutive days (Monday first) as ranges: "Mon–Fri", "Mon, Wed, Fri", "Sat–Sun".</summary>
    public static string Days(IReadOnlyCollection<DayOfWeek> days)
    {
        var runs = new List<string>();
        for (var i = 0; i < Week.Length; i++)
        {
            if (!days.Contains(Week[i]))
            {
                continue;
            }
            var start = i;
            while (i + 1 < Week.Length && days.Contains(Week[i + 1]))
            {
                i++;
            }
            runs.Add(i - start >= 2 ? $"{Short(Week[start])}–{Short(Week[i])}" : i > start ? $"{Short(Week[start])}, {Short(Week[i])}" : Short(Week[start]));
        }
        return string.Join(", ", runs);
    }

    private static string Short(DayOfWeek day) => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(day);
}
