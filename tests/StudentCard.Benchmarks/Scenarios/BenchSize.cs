namespace StudentCard.Benchmarks.Scenarios;

/// <summary>How big the runs are: the documented sizes, or a quick pass that proves the tool works.</summary>
public sealed record BenchSize(int Entitlements, int AllowListCards, int IngestPassages, int EdgeTaps, int ExpiredPassages, TimeSpan LoadDuration, bool MicroWithBenchmarkDotNet)
{
    public static readonly BenchSize Full = new(1_000_000, 1_000_000, 200_000, 200, 10_000_000, TimeSpan.FromSeconds(5), true);

    public static readonly BenchSize Quick = new(20_000, 20_000, 5_000, 10, 20_000, TimeSpan.FromSeconds(1), false);
}
