namespace StudentCard.Central.RecordsOfProcessing;

/// <summary>One entry of the records of processing: a purpose and everything Art. 30(1) asks about it.</summary>
public sealed record ProcessingActivity(
    string Key,
    string Name,
    string Description,
    string LegalBasis,
    IReadOnlyList<string> DataSubjects,
    IReadOnlyList<string> DataCategories,
    IReadOnlyList<string> Recipients,
    string Storage,
    TimeSpan? Retention,
    TimeSpan? RetentionMaximum,
    string RetentionRule);
