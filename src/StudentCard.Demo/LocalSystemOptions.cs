namespace StudentCard.Demo;

/// <summary>How big a local system to start, and where.</summary>
public sealed class LocalSystemOptions
{
    /// <summary>Where Central's stores, the keys and the agents' outboxes go.</summary>
    public required string DataDirectory { get; init; }

    public int StudentCount { get; init; } = 60;

    /// <summary>The seed of the synthetic roster, so every run shows the same pupils.</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>The reader ids to start, one agent and one simulated board each; their prefix names the reader type.</summary>
    public IReadOnlyList<string> ReaderIds { get; init; } = ["gate-1", "bus-1", "library-1"];

    /// <summary>Where the boards and the summary write; the agents and Central log through Serilog.</summary>
    public TextWriter Console { get; init; } = TextWriter.Null;

    /// <summary>Serilog's minimum level for Central and the agents.</summary>
    public string LogLevel { get; init; } = "Warning";

    /// <summary>Extra settings for Central (e.g. "Mqtt:Port").</summary>
    public IDictionary<string, string?> CentralSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Extra settings for every agent (e.g. "Edge:HeartbeatSeconds").</summary>
    public IDictionary<string, string?> AgentSettings { get; init; } = new Dictionary<string, string?>();
}
