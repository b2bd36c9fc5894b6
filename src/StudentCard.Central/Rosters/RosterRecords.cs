namespace StudentCard.Central.Rosters;

/// <summary>
/// A pupil as a roster row gives them, holding only the fields the vault keeps. <paramref name="Classes"/>: the titles of
/// all their active enrollments, the first being <paramref name="ClassName"/>; null when the roster has no enrollments.csv.
/// </summary>
public sealed record RosterStudent(
    int Line,
    string SourcedId,
    bool Active,
    string OrgSourcedId,
    string School,
    string StudentNumber,
    string GivenName,
    string FamilyName,
    string Grades,
    string ClassName,
    IReadOnlyList<string> GuardianSourcedIds,
    IReadOnlyList<string>? Classes = null)
{
    public override string ToString() => $"RosterStudent(line {Line}, redacted)";
}

/// <summary>A guardian as a roster row gives them: names and the pupils they act for, never contact details.</summary>
public sealed record RosterGuardian(int Line, string SourcedId, bool Active, string GivenName, string FamilyName, IReadOnlyList<string> StudentSourcedIds)
{
    public override string ToString() => $"RosterGuardian(line {Line}, redacted)";
}

/// <summary>Everything a roster holds that the vault keeps, and the rows that could not be read.</summary>
public sealed record RosterData(IReadOnlyList<RosterStudent> Students, IReadOnlyList<RosterGuardian> Guardians, int IgnoredUsers, IReadOnlyList<RosterError> Errors);

/// <summary>How far an import has come, for a progress bar.</summary>
public readonly record struct RosterProgress(string Stage, int Done, int Total);
