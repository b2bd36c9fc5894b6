namespace StudentCard.Central.Vault;

/// <summary>A pupil's identity as held in the vault only; no purpose store ever sees these fields.</summary>
public sealed class Student
{
    public long Id { get; set; }

    public required string StudentNumber { get; set; }

    public required string GivenName { get; set; }

    public required string FamilyName { get; set; }

    public required string School { get; set; }

    public required string ClassName { get; set; }

    public int BirthYear { get; set; }

    public required string GuardianName { get; set; }
}
