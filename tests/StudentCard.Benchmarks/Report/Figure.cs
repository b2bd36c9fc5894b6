namespace StudentCard.Benchmarks.Report;

/// <summary>One measured figure beside its same-run baseline.</summary>
public sealed record Figure(
    string Name,
    string Measured,
    string Baseline,
    string BaselineName,
    double? Ratio,
    string Target,
    string Note = "")
{
    public string RatioText => Ratio is { } r ? r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
