using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.StartupProvisioning;

/// <summary>
/// The "Provisioning" settings of a demo or test installation started from nothing (docker-compose):
/// readers to register at start, with their agent settings written to a directory the agents read,
/// and synthetic pupils to enroll. Empty in production, where readers and pupils come from the admin tools.
/// </summary>
public sealed class ProvisioningOptions
{
    public const string Section = "Provisioning";

    /// <summary>Readers to register, as "id:type" or "id:type:place" (e.g. "gate-1:gate:north/main", "bus-1:bus:r1", "library-1:library:north").</summary>
    public List<string> Readers { get; set; } = [];

    /// <summary>Where each new reader's agent settings (edge.json) and key file go, one folder per reader.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Synthetic pupils to enroll when the purpose store is empty (0: none).</summary>
    [Range(0, 1_000_000)]
    public int SyntheticStudents { get; set; }

    public int Seed { get; set; } = 2026;

    /// <summary>How agents reach Central, written into their settings.</summary>
    public string AgentCentralUrl { get; set; } = "http://127.0.0.1:5080";

    public string AgentMqttHost { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int AgentMqttPort { get; set; } = 1883;
}
