namespace StudentCard.Central.Vault;

/// <summary>Which guardian acts for which pupil (OneRoster agentSourcedIds).</summary>
public sealed class StudentGuardian
{
    public long StudentId { get; set; }

    public long GuardianId { get; set; }
}
