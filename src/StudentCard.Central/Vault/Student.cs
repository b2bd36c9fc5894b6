namespace StudentCard.Central.Vault;

/// <summary>A pupil's identity as held in the vault only; no purpose store ever sees these fields.</summary>
public sealed class Student
{
    public const int UnknownBirthYear = 0;

    public long Id { get; set; }

    /// <summary>The school's own number for the pupil (OneRoster "identifier", or the sourcedId when there is none).</summary>
    public required string StudentNumber { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }

    public required string School { get; set; }

    /// <summary>The pupil's class as shown: from a roster, the first of their active enrollments (all of them: <see cref="StudentClass"/>).</summary>
    public required string ClassName { get; set; }

    /// <summary>
    /// <see cref="UnknownBirthYear"/> when the pupil came from a roster import: OneRoster carries birth
    /// dates only in demographics.csv, which is never imported.
    /// </summary>
    public int BirthYear { get; set; }

    public required string GuardianName { get; set; }

    /// <summary>The student information system's id (OneRoster sourcedId); re-imports update the pupil by it.</summary>
    public string? SourcedId { get; set; }

    /// <summary>The OneRoster org (school) the pupil belongs to.</summary>
    public string? OrgSourcedId { get; set; }

    /// <summary>OneRoster grades, comma-separated as the roster gives them (e.g. "09" or "09,10").</summary>
    public string? Grades { get; set; }

    /// <summary>Set when the roster marks the pupil inactive (status tobedeleted or enabledUser false); their entitlements are removed.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    /// <summary>Set while processing is restricted on the pupil's request (GDPR Art. 18): data kept, entitlements suspended.</summary>
    public DateTimeOffset? RestrictedAt { get; set; }
}
