using StudentCard.Benchmarks.Micro;
using StudentCard.Benchmarks.Report;
using StudentCard.Benchmarks.Scenarios;

// dotnet run -c Release --project tests/StudentCard.Benchmarks [-- --quick] [--out docs/PERFORMANCE.md] [--only edge,online-check,ingest,retention,sign-in,micro] [--expired N] [--load-seconds S]
var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var onlyIndex = Array.IndexOf(args, "--only");
var only = onlyIndex >= 0 && onlyIndex + 1 < args.Length ? args[onlyIndex + 1].Split(',', StringSplitOptions.RemoveEmptyEntries) : null;
// A partial run prints its figures but rewrites docs/PERFORMANCE.md only when asked to with --out.
var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : quick || only is not null ? null : Path.Combine("docs", "PERFORMANCE.md");
var size = quick ? BenchSize.Quick : BenchSize.Full;
var expiredIndex = Array.IndexOf(args, "--expired");
if (expiredIndex >= 0 && expiredIndex + 1 < args.Length)
{
    // The retention figure's size alone, for a machine where ten million rows take too long.
    size = size with { ExpiredPassages = int.Parse(args[expiredIndex + 1], System.Globalization.CultureInfo.InvariantCulture) };
}
var loadIndex = Array.IndexOf(args, "--load-seconds");
if (loadIndex >= 0 && loadIndex + 1 < args.Length)
{
    // Longer load phases, e.g. to attach a profiler to the online check.
    size = size with { LoadDuration = TimeSpan.FromSeconds(int.Parse(args[loadIndex + 1], System.Globalization.CultureInfo.InvariantCulture)) };
}
var log = Console.Out;
bool Runs(string scenario) => only is null || only.Contains(scenario, StringComparer.OrdinalIgnoreCase);

log.WriteLine($"StudentCard benchmarks ({(quick ? "quick" : "full")}) on {PerformanceReport.Machine()}");
var figures = new List<Figure>();
if (Runs("edge"))
{
    figures.AddRange(await EdgeScenario.RunAsync(size, log));
}
if (Runs("online-check"))
{
    figures.AddRange(await OnlineCheckScenario.RunAsync(size, log));
}
if (Runs("ingest"))
{
    figures.AddRange(await IngestScenario.RunAsync(size, log));
}
if (Runs("retention"))
{
    figures.Add(await RetentionScenario.RunAsync(size, log));
}
if (Runs("sign-in"))
{
    figures.AddRange(SignInScenario.Run(size, log));
}
if (Runs("micro"))
{
    figures.AddRange(MicroScenario.Run(size.MicroWithBenchmarkDotNet, log));
}

log.WriteLine();
log.Write(PerformanceReport.Table(figures));
if (output is not null)
{
    PerformanceReport.Write(output, figures, Texts.Preamble, Texts.Explanations);
    log.WriteLine($"Written to {output}");
}
