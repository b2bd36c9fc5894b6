using StudentCard.Core;
using StudentCard.FirmwareSim;

namespace StudentCard.Demo;

/// <summary>One reader of the local system: its simulated board and the agent driving it.</summary>
public sealed class ReaderRig
{
    public required string ReaderId { get; init; }

    public required ReaderType Type { get; init; }

    public required string Secret { get; init; }

    public required string DataDirectory { get; init; }

    public required SimulatedBoard Board { get; init; }

    public IHost? Agent { get; set; }

    public T AgentService<T>() where T : notnull =>
        (Agent ?? throw new InvalidOperationException($"The agent of {ReaderId} is not running.")).Services.GetRequiredService<T>();
}
