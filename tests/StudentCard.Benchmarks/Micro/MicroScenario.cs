using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StudentCard.Benchmarks.Report;

namespace StudentCard.Benchmarks.Micro;

/// <summary>Runs <see cref="TapBenchmarks"/> with BenchmarkDotNet (short run, in process) and turns it into figures.</summary>
public static class MicroScenario
{
    public static IReadOnlyList<Figure> Run(bool withBenchmarkDotNet, TextWriter log)
    {
        var results = withBenchmarkDotNet ? WithBenchmarkDotNet() : Timed();
        var baseline = results["2 x HMAC-SHA256 (bare)"];
        return results.Where(r => r.Key != "2 x HMAC-SHA256 (bare)").Select(r =>
        {
            log.WriteLine($"{r.Key}: {r.Value.Nanoseconds:0} ns, {r.Value.Allocated} B allocated");
            return new Figure(
                $"Per tap: {r.Key}",
                string.Create(CultureInfo.InvariantCulture, $"{r.Value.Nanoseconds:N0} ns, {r.Value.Allocated} B"),
                string.Create(CultureInfo.InvariantCulture, $"{baseline.Nanoseconds:N0} ns, {baseline.Allocated} B"),
                "2 x HMAC-SHA256, bare",
                r.Value.Nanoseconds / baseline.Nanoseconds,
                "—",
                withBenchmarkDotNet ? "BenchmarkDotNet short run, median" : "quick timing, not BenchmarkDotNet");
        }).ToArray();
    }

    private static Dictionary<string, (double Nanoseconds, long Allocated)> WithBenchmarkDotNet()
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(NullLogger.Instance)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance);
        var summary = BenchmarkRunner.Run<TapBenchmarks>(config);
        return summary.Reports.ToDictionary(
            r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
            r => (r.ResultStatistics?.Median ?? double.NaN, r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1));
    }

    /// <summary>A quick pass (used by the smoke test) that times each method in a loop.</summary>
    private static Dictionary<string, (double Nanoseconds, long Allocated)> Timed()
    {
        var bench = new TapBenchmarks { Cards = 20_000 };
        bench.Setup();
        var methods = new (string Name, Func<object?> Call)[]
        {
            ("2 x HMAC-SHA256 (bare)", bench.TwoBareHmacs),
            ("UID → card token → gate pseudonym", bench.Pseudonym),
            ("allow-list lookup", bench.Lookup),
            ("rule evaluation", () => bench.Rules()),
            ("whole decision: pseudonym + lookup + rules", () => bench.Decision()),
        };
        var results = new Dictionary<string, (double, long)>();
        foreach (var (name, call) in methods)
        {
            const int iterations = 20_000;
            call();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++)
            {
                call();
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            results[name] = (elapsed.TotalNanoseconds / iterations, (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / iterations);
        }
        return results;
    }
}
