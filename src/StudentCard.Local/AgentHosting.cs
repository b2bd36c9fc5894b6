namespace StudentCard.Local;

/// <summary>Where a local system's board readers run their agents.</summary>
public enum AgentHosting
{
    /// <summary>Hosts in this process: a scenario reaches their services.</summary>
    InProcess,

    /// <summary>One process each (<c>dotnet StudentCard.Edge.dll --settings edge.json</c>), stopped with SIGKILL.</summary>
    ChildProcess,
}
