using StudentCard.Benchmarks.Micro;
using StudentCard.Benchmarks.Report;
using StudentCard.Benchmarks.Scenarios;

// dotnet run -c Release --project tests/StudentCard.Benchmarks [-- --quick] [--out docs/PERFORMANCE.md]
var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : quick ? null : Path.Combine("docs", "PERFORMANCE.md");
var size = quick ? BenchSize.Quick : BenchSize.Full;
var log = Console.Out;

log.WriteLine($"StudentCard benchmarks ({(quick ? "quick" : "full")}) on {PerformanceReport.Machine()}");
var figures = new List<Figure>();
figures.AddRange(await EdgeScenario.RunAsync(size, log));
figures.AddRange(await OnlineCheckScenario.RunAsync(size, log));
figures.Add(await IngestScenario.RunAsync(size, log));
figures.AddRange(MicroScenario.Run(size.MicroWithBenchmarkDotNet, log));

log.WriteLine();
log.Write(PerformanceReport.Table(figures));
if (output is not null)
{
    PerformanceReport.Write(output, figures, Texts.Preamble, Texts.Explanations);
    log.WriteLine($"Written to {output}");
}
