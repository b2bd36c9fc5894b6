namespace StudentCard.Central.DataSubjects;

/// <summary>What an erasure removed, what the law keeps and why, and whether the deleted rows are gone from the files' bytes.</summary>
public sealed record ErasureResult(
    long RequestId,
    int Cards,
    int Grants,
    int Guardians,
    IReadOnlyDictionary<ReaderType, int> Entitlements,
    IReadOnlyDictionary<ReaderType, int> Passages,
    IReadOnlyList<KeptRecord> Kept,
    bool Checkpointed);

/// <summary>Something an erasure leaves in place, with the legal reason and how long it stays.</summary>
public sealed record KeptRecord(string What, string Reason, string Until);
