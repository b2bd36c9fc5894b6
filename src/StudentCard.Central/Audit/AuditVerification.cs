namespace StudentCard.Central.Audit;

/// <summary>
/// What verifying the audit chain found: intact from its start (or last checkpoint) to its head, or
/// the first bad entry and what is wrong with it.
/// </summary>
public sealed record AuditVerification(
    bool Intact,
    long EntriesChecked,
    long? CheckpointSequence,
    long HeadSequence,
    string HeadHash,
    long? FirstBadSequence,
    string? Problem)
{
    public override string ToString() => Intact
        ? $"Audit log intact: {EntriesChecked} entries checked{(CheckpointSequence is { } c ? $" from the checkpoint after #{c}" : " from the first entry")}; head #{HeadSequence} {HeadHash}."
        : $"Audit log BROKEN at entry #{FirstBadSequence}: {Problem}";
}
