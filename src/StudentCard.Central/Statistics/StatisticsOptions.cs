using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.Statistics;

/// <summary>The "Statistics" configuration section.</summary>
public sealed class StatisticsOptions
{
    public const string Section = "Statistics";

    /// <summary>
    /// Counts below this are reported as "&lt;threshold", never as a number, so a count cannot single out
    /// a pupil. At least 3, the usual floor of statistical disclosure control.
    /// </summary>
    [Range(3, 1000)]
    public int SmallCellThreshold { get; set; } = 5;
}
