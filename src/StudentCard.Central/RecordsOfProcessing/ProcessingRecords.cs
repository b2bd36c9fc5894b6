namespace StudentCard.Central.RecordsOfProcessing;

/// <summary>The records of processing activities (GDPR Art. 30), as generated from configuration and code.</summary>
public sealed record ProcessingRecords(
    DateTimeOffset GeneratedAt,
    string Controller,
    string ControllerContact,
    string DpoContact,
    string Transfers,
    IReadOnlyList<ProcessingActivity> Activities,
    IReadOnlyList<string> SecurityMeasures);
