namespace StudentCard.Central.DataSubjects;

/// <summary>The corrected values of a rectification (GDPR Art. 16); null leaves a field as it is.</summary>
public sealed record Rectification(string? GivenName = null, string? FamilyName = null, string? School = null, string? ClassName = null, int? BirthYear = null, string? GuardianName = null)
{
    public override string ToString() => "Rectification(redacted)";
}
