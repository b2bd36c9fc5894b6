namespace StudentCard.Benchmarks.Report;

/// <summary>Median and 99th percentile of a set of samples, in milliseconds.</summary>
public readonly record struct Distribution(double MedianMs, double P99Ms, int Count)
{
    public static Distribution Of(IReadOnlyCollection<double> samplesMs)
    {
        if (samplesMs.Count == 0)
        {
            return new Distribution(double.NaN, double.NaN, 0);
        }
        var sorted = samplesMs.Order().ToArray();
        return new Distribution(Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted.Length);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"median {MedianMs:0.000} ms, p99 {P99Ms:0.000} ms (n={Count})");
}
