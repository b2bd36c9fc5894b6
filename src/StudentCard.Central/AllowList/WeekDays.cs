namespace StudentCard.Central.AllowList;

/// <summary>Reads weekday sets as people write them: "Mon-Fri", "Mon,Wed,Fri", "Sat", "Fri-Mon" (wrapping).</summary>
public static class WeekDays
{
    private static readonly string[] Names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static IReadOnlyList<DayOfWeek> Parse(string text)
    {
        var days = new List<DayOfWeek>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length > 2)
            {
                throw new FormatException($"'{part}' is not a day or a range of days.");
            }
            var first = Day(range[0]);
            var last = range.Length == 2 ? Day(range[1]) : first;
            for (var day = first; ; day = (DayOfWeek)(((int)day + 1) % 7))
            {
                if (!days.Contains(day))
                {
                    days.Add(day);
                }
                if (day == last)
                {
                    break;
                }
            }
        }
        return days.Count > 0 ? days : throw new FormatException($"'{text}' names no days (e.g. \"Mon-Fri\").");
    }

    private static DayOfWeek Day(string name)
    {
        var index = Array.IndexOf(Names, name.Length >= 3 ? name[..3].ToLowerInvariant() : name.ToLowerInvariant());
        return index >= 0 ? (DayOfWeek)index : throw new FormatException($"'{name}' is not a day of the week (Mon, Tue, ...).");
    }
}
