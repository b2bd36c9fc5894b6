using StudentCard.Core;
using StudentCard.FirmwareSim;

namespace StudentCard.Local;

/// <summary>One reader of the local system: its simulated board and the agent driving it.</summary>
public sealed class ReaderRig
{
    public required LocalReader Registration { get; init; }

    public string ReaderId => Registration.ReaderId;

    public ReaderType Type => Registration.Type;

    public string Secret => Registration.Secret;

    public string DataDirectory => Registration.DataDirectory;

    public required SimulatedBoard Board { get; init; }

    /// <summary>The agent when it runs in this process.</summary>
    public IHost? Agent { get; set; }

    /// <summary>The agent when it runs as its own process.</summary>
    public AgentProcess? Process { get; set; }

    public T AgentService<T>() where T : notnull =>
        (Agent ?? throw new InvalidOperationException($"The agent of {ReaderId} is not running in this process.")).Services.GetRequiredService<T>();
}
