using System.Globalization;

namespace StudentCard.Central.Statistics;

/// <summary>A count as a report may show it: the number, or null (shown as "&lt;threshold") when it is a small cell.</summary>
public readonly record struct ReportedCount(int? Value, int Threshold)
{
    public bool Suppressed => Value is null;

    public static ReportedCount Of(int count, int threshold) => new(count < threshold ? null : count, threshold);

    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? $"<{Threshold.ToString(CultureInfo.InvariantCulture)}";
}
