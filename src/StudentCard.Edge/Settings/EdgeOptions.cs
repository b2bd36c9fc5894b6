using System.ComponentModel.DataAnnotations;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Passages;

namespace StudentCard.Edge.Settings;

/// <summary>The "Edge" settings: who this reader is and where Central is.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    [Required, Identifier("Edge:ReaderId")]
    public string ReaderId { get; set; } = "";

    [Required, RegularExpression("^(gate|bus|library)$", ErrorMessage = "Edge:ReaderType must be gate, bus or library.")]
    public string ReaderType { get; set; } = "";

    /// <summary>The per-reader secret Central issued at provisioning.</summary>
    [Required]
    public string ReaderSecret { get; set; } = "";

    /// <summary>Which way a gate reader counts passages (None for buses and libraries).</summary>
    public Direction Direction { get; set; } = Direction.None;

    /// <summary>The school site a gate or library reader stands at (its schedules, closures and safety mode).</summary>
    public string? Site { get; set; }

    /// <summary>The gate's zone within its site (anti-passback is per zone).</summary>
    public string? Zone { get; set; }

    /// <summary>A bus reader's route until the driver starts a trip on another.</summary>
    public string? Route { get; set; }

    [Required, Url]
    public string CentralUrl { get; set; } = "http://127.0.0.1:5080";

    [Required]
    public string MqttHost { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int MqttPort { get; set; } = 1883;

    /// <summary>Where the outbox and the allow-list copy live.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data/edge";

    /// <summary>The agent's key file: K_site and its own purpose's keys only.</summary>
    [Required]
    public string KeyFile { get; set; } = "data/edge/keys.json";

    /// <summary>Passages sent in one MQTT message while draining the outbox.</summary>
    [Range(1, 5000)]
    public int DrainBatchSize { get; set; } = 200;

    /// <summary>Passages the outbox holds before it raises its alarm; it still keeps every passage.</summary>
    [Range(100, 10_000_000)]
    public int OutboxAlarmThreshold { get; set; } = 200_000;

    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>Seconds without a confirmation before unconfirmed passages are sent again.</summary>
    [Range(1, 600)]
    public int ResendAfterSeconds { get; set; } = 10;

    [Range(100, 60_000)]
    public int ReconnectMaxMs { get; set; } = 5_000;

    /// <summary>Ask Central about each tap (CheckCard) before answering; off by default, the local list decides.</summary>
    public bool OnlineCheck { get; set; }

    /// <summary>How long a tap may wait for Central's answer before the local list decides (a tap is answered well under a second).</summary>
    [Range(10, 150)]
    public int OnlineCheckTimeoutMs { get; set; } = 150;

    public Core.ReaderType Type => Core.ReaderTypes.Parse(ReaderType);
}
