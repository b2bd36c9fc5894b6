namespace StudentCard.Central.Retention;

/// <summary>What one sweep removed, and whether the WAL checkpoints after it completed.</summary>
public sealed record SweepResult(
    DateTimeOffset At,
    IReadOnlyDictionary<ReaderType, int> PassagesDeleted,
    int CountsDeleted,
    int AuditEntriesExpired,
    bool Checkpointed);
