using StudentCard.EndToEnd.Tests.Architecture.Probe.Lower;

namespace StudentCard.EndToEnd.Tests.Architecture.Probe.Upper;

/// <summary>A probe of the folder checker: Upper may use Lower, and does.</summary>
public sealed class ProbeGate
{
    private readonly ProbeClock _clock = new();

    public DateTimeOffset Opened => _clock.Now;
}

/// <summary>A probe of the folder checker: an attribute of the Upper folder.</summary>
[AttributeUsage(AttributeTargets.All)]
public sealed class ProbeMarkAttribute : Attribute;
