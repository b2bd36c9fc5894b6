namespace StudentCard.Central.Audit;

/// <summary>
/// One audit record: who did what to which data, when, and the reason they stated. It carries the
/// hash of the entry before it, so no entry can be edited, removed, inserted or moved unnoticed.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>The position in the chain, from 1 (or from the last checkpoint's position + 1).</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The person or component acting (a staff account, "retention-sweeper"); never a pupil's name.</summary>
    public required string Actor { get; set; }

    /// <summary>What was done, one of <see cref="AuditActions"/> or a caller's own dotted name.</summary>
    public required string Action { get; set; }

    /// <summary>Whose or which data: a purpose pseudonym, a reader id, a request id; never a name or card token.</summary>
    public required string Subject { get; set; }

    /// <summary>The reason the actor stated.</summary>
    public required string Reason { get; set; }

    /// <summary>The hash of the entry before (or of the checkpoint, or 64 zeros for the first).</summary>
    public required string PreviousHash { get; set; }

    /// <summary>SHA-256 over the previous hash and this entry's canonical form, lowercase hex.</summary>
    public required string Hash { get; set; }
}
