using System.ComponentModel.DataAnnotations;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging;

/// <summary>The "Mqtt" configuration section: the embedded broker or an external one, and Central's own client.</summary>
public sealed class MqttOptions : IValidatableObject
{
    public const string Section = "Mqtt";

    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>Embedded: the address the broker binds to. External: the broker Central connects to.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (embedded broker only).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>
    /// The largest MQTT packet the embedded broker accepts (a larger one ends its connection) and Central's client takes;
    /// an external Mosquitto has its own max_packet_size (deploy/mosquitto/mosquitto.conf).
    /// </summary>
    [Range(1024, 268_435_455)]
    public int MaxPacketBytes { get; set; } = MqttLimits.MaxPacketBytes;

    /// <summary>Central's own credentials on an external broker; the embedded broker makes its own per process.</summary>
    public string? ServiceUsername { get; set; }

    public string? ServicePassword { get; set; }

    /// <summary>External Mosquitto: where Central writes its password and ACL files (unset: Central writes none).</summary>
    public string? MosquittoAuthDirectory { get; set; }

    /// <summary>
    /// External Mosquitto: its pid file, so Central can make it reload those files (SIGHUP) after a reader change; required with
    /// <see cref="MosquittoAuthDirectory"/>, since the reload is what cuts a revoked reader's open session.
    /// </summary>
    public string? MosquittoPidFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == MqttMode.External)
        {
            if (Port == 0)
            {
                yield return new ValidationResult("Mqtt:Port must name the external broker's port (0 is only for the embedded broker).", [nameof(Port)]);
            }
            if (string.IsNullOrWhiteSpace(ServiceUsername) || string.IsNullOrEmpty(ServicePassword))
            {
                yield return new ValidationResult("Mqtt:ServiceUsername and Mqtt:ServicePassword are required in External mode.", [nameof(ServiceUsername), nameof(ServicePassword)]);
            }
            if (!string.IsNullOrWhiteSpace(MosquittoAuthDirectory) && string.IsNullOrWhiteSpace(MosquittoPidFile))
            {
                yield return new ValidationResult(
                    "Mqtt:MosquittoPidFile is required with Mqtt:MosquittoAuthDirectory: without it Mosquitto never re-reads the files Central writes, and a revoked reader keeps its session and its login until Mosquitto restarts.",
                    [nameof(MosquittoPidFile)]);
            }
        }
        else if (!string.IsNullOrWhiteSpace(MosquittoAuthDirectory))
        {
            yield return new ValidationResult("Mqtt:MosquittoAuthDirectory is for an external Mosquitto (Mqtt:Mode External).", [nameof(MosquittoAuthDirectory)]);
        }
    }
}

/// <summary>Whether Central hosts the broker itself or uses an external one (Mosquitto).</summary>
public enum MqttMode
{
    Embedded,
    External,
}
