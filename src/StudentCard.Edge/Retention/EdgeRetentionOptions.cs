using System.ComponentModel.DataAnnotations;

namespace StudentCard.Edge.Retention;

/// <summary>The agent's "Retention" section: how often confirmed passages are made unrecoverable.</summary>
public sealed class EdgeRetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Seconds between outbox WAL checkpoints: a confirmed passage's bytes are gone at most this long after its confirmation.</summary>
    [Range(1, 3600)]
    public int CheckpointSeconds { get; set; } = 60;

    /// <summary>A temporary allow-list copy older than this was left by an interrupted write, and is scrubbed.</summary>
    [Range(1, 1440)]
    public int StaleTemporaryMinutes { get; set; } = 10;
}
