namespace StudentCard.Central.Audit;

/// <summary>
/// Left behind when expired audit entries are removed: the position and hash of the last entry
/// removed, so verification starts from it and the first kept entry must link to that hash.
/// </summary>
public sealed class AuditCheckpoint
{
    public long Id { get; set; }

    /// <summary>The sequence of the last removed entry.</summary>
    public long UpToSequence { get; set; }

    /// <summary>The hash of the last removed entry.</summary>
    public required string Hash { get; set; }

    /// <summary>Entries removed by this checkpoint.</summary>
    public long Removed { get; set; }

    public DateTimeOffset At { get; set; }
}
