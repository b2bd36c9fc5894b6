using Microsoft.AspNetCore.Builder;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Local;

/// <summary>
/// What a local system starts and how: a scenario states only what differs from these defaults
/// (with <c>options with { … }</c>). A new way to run the system (a broker, a store, a transport) is one
/// option here and its reading in <see cref="LocalSettings"/> or <see cref="LocalSystem"/>.
/// </summary>
public sealed record LocalSystemOptions
{
    /// <summary>Where Central's stores, the keys, the broker's files and the agents' outboxes go.</summary>
    public required string DataDirectory { get; init; }

    public int StudentCount { get; init; } = 60;

    /// <summary>The seed of the synthetic roster, so every run shows the same pupils.</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>How the roster is enrolled at the first start (null: nobody is); by default as <see cref="SyntheticEnrollment"/> does.</summary>
    public Func<IReadOnlyList<SyntheticStudent>, KeyRing, DateTimeOffset, IReadOnlyList<Enrollee>>? Enrollment { get; init; } =
        (roster, keys, _) => SyntheticEnrollment.Enrollees(roster, keys.Site);

    /// <summary>The access rules that give the enrolled roster its rights (null: none); by default <see cref="SyntheticEnrollment.Rules"/>.</summary>
    public Func<IReadOnlyList<SyntheticStudent>, DateTimeOffset, IReadOnlyList<RuleDraft>>? Rules { get; init; } = SyntheticEnrollment.Rules;

    /// <summary>
    /// The readers to start with a simulated PN532 board on a pseudo-terminal and an agent driving it;
    /// each id's prefix names its reader type. Scenarios that feed taps themselves add agents later.
    /// </summary>
    public IReadOnlyList<string> ReaderIds { get; init; } = ["gate-1", "bus-1", "library-1"];

    /// <summary>The enrollment desks to start, each with a simulated PN532 board and an agent in enrollment mode; none by default.</summary>
    public IReadOnlyList<string> DeskIds { get; init; } = [];

    /// <summary>Whether the agents of <see cref="ReaderIds"/> run in this process or each as its own process, started as an installation starts it.</summary>
    public AgentHosting Agents { get; init; } = AgentHosting.InProcess;

    /// <summary>The broker that carries MQTT: Central's embedded one, or a Mosquitto process configured as deployed.</summary>
    public BrokerKind Broker { get; init; } = BrokerKind.Embedded;

    /// <summary>The keys to start with (null: the key file already in <see cref="DataDirectory"/>, or a new ring).</summary>
    public KeyRing? Keys { get; init; }

    /// <summary>The clock of Central and of the reader agents run in this process (null: the system clock), e.g. a fake one for retention and schedules.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Central's "Access" settings: sites, schedules, zones.</summary>
    public IReadOnlyDictionary<string, string?> AccessSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The site gate and library readers stand at (null: none configured).</summary>
    public string? Site { get; init; }

    /// <summary>The zone gate readers guard (null: none configured).</summary>
    public string? GateZone { get; init; }

    /// <summary>The route bus readers ride (null: none configured).</summary>
    public string? Route { get; init; }

    /// <summary>Bus readers that ride another route than <see cref="Route"/>, by reader id (e.g. "bus-2" on "r2").</summary>
    public IReadOnlyDictionary<string, string> Routes { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the boards and the summary write; the agents and Central log through Serilog.</summary>
    public TextWriter Console { get; init; } = TextWriter.Null;

    /// <summary>Serilog's minimum level for Central and the agents.</summary>
    public string LogLevel { get; init; } = "Warning";

    /// <summary>Extra settings for Central (e.g. "Retention:SweepInterval"); they win over the local system's own.</summary>
    public IDictionary<string, string?> CentralSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Extra settings for every agent (e.g. "Edge:HeartbeatSeconds"); they win over the local system's own.</summary>
    public IDictionary<string, string?> AgentSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Runs after Central's own wiring: services a scenario adds or replaces (e.g. a gRPC interceptor).</summary>
    public Action<WebApplicationBuilder>? ConfigureCentral { get; init; }

    /// <summary>Runs on Central's built application before it starts: endpoints a scenario adds.</summary>
    public Action<WebApplication>? MapCentral { get; init; }
}
