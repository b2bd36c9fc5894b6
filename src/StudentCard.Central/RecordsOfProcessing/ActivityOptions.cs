namespace StudentCard.Central.RecordsOfProcessing;

/// <summary>The configurable wording of one processing activity; unset values use the defaults.</summary>
public sealed class ActivityOptions
{
    public string? Description { get; set; }

    public string? LegalBasis { get; set; }

    public string[]? DataSubjects { get; set; }

    public string[]? Recipients { get; set; }
}
