namespace StudentCard.EndToEnd.Tests.Architecture.Probe.Lower;

/// <summary>A probe of the folder checker: a Lower type that uses no other folder.</summary>
public sealed class ProbeClock
{
    public DateTimeOffset Now { get; } = DateTimeOffset.UnixEpoch;
}
