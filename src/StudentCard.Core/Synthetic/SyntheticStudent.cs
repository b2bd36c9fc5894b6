namespace StudentCard.Core.Synthetic;

/// <summary>An invented pupil for the demo and tests; no real person's data.</summary>
public sealed record SyntheticStudent(
    string StudentNumber,
    string GivenName,
    string FamilyName,
    string School,
    string ClassName,
    int BirthYear,
    string GuardianName,
    byte[] CardUid);
