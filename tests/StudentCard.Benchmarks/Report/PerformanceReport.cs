using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace StudentCard.Benchmarks.Report;

/// <summary>Prints the figures as one table and writes them, with the machine's description, to docs/PERFORMANCE.md.</summary>
public static class PerformanceReport
{
    public static string Machine() => string.Create(CultureInfo.InvariantCulture,
        $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical cores, " +
        $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.0} GiB, .NET {Environment.Version}");

    public static string Table(IReadOnlyList<Figure> figures)
    {
        var text = new StringBuilder();
        text.AppendLine("| # | figure | StudentCard | baseline (same run) | ratio | target | note |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        for (var i = 0; i < figures.Count; i++)
        {
            var f = figures[i];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {f.Name} | {f.Measured} | {f.BaselineName}: {f.Baseline} | {f.RatioText} | {f.Target} | {f.Note} |");
        }
        return text.ToString();
    }

    public static void Write(string path, IReadOnlyList<Figure> figures, string preamble, string explanations)
    {
        var text = new StringBuilder();
        text.AppendLine("# StudentCard — performance");
        text.AppendLine();
        text.AppendLine(preamble);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on: {Machine()}.");
        text.AppendLine();
        text.Append(Table(figures));
        text.AppendLine();
        text.AppendLine(explanations);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
    }
}
