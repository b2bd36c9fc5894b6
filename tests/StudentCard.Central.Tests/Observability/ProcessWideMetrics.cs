namespace StudentCard.Central.Tests.Observability;

/// <summary>
/// Tests that read exact counts from /metrics run alone: the metrics pipeline listens to instruments by meter name, so a
/// Central started by a test class running in parallel in the same process could add its passages to the counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetrics
{
    public const string Name = "process-wide metrics";
}
