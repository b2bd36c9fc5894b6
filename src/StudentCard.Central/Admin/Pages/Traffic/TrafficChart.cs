using StudentCard.Central.Statistics;

namespace StudentCard.Central.Admin.Pages.Traffic;

/// <summary>
/// Bars for the traffic page, summed from the reported cells only: a suppressed cell adds nothing and
/// only marks its bar, so a bar never reveals what the report hid.
/// </summary>
public sealed record TrafficChart(IReadOnlyList<TrafficBar> Bars)
{
    public int Maximum => Bars.Count == 0 ? 0 : Bars.Max(b => b.Passes);

    /// <summary>Bars per key (an hour or a day) in the order given, summing the shown passes of the rows that fall in it.</summary>
    public static TrafficChart Of<TKey>(IEnumerable<TKey> keys, Func<TKey, string> label, IEnumerable<ReportRow> rows, Func<ReportRow, TKey> keyOf)
        where TKey : notnull
    {
        var groups = rows.GroupBy(keyOf).ToDictionary(g => g.Key, g => g.ToList());
        return new TrafficChart(keys.Select(key =>
        {
            var cells = groups.GetValueOrDefault(key) ?? [];
            return new TrafficBar(label(key), cells.Sum(c => c.Passes.Value ?? 0), cells.Any(c => c.Passes.Suppressed));
        }).ToList());
    }
}

/// <summary>One bar: its label, the passes shown, and whether small cells were left out of it.</summary>
public sealed record TrafficBar(string Label, int Passes, bool HasSmallCells);
