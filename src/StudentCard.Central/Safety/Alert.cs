using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.Safety;

/// <summary>Suspicious use of a card for an admin to look at: a lost card presented, or one card in two places too far apart.</summary>
public sealed class Alert
{
    public long Id { get; set; }

    public ReaderType Purpose { get; set; }

    public AlertKind Kind { get; set; }

    public required string Pseudonym { get; set; }

    public required string ReaderId { get; set; }

    /// <summary>The other reader of an impossible journey.</summary>
    public string? OtherReaderId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>What was seen, in words without personal data ("12.4 km in 3 min").</summary>
    public required string Detail { get; set; }

    public bool Acknowledged { get; set; }

    /// <summary>The staff member who acknowledged the alert (their user name, never a pupil's).</summary>
    [MaxLength(64)]
    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }
}
