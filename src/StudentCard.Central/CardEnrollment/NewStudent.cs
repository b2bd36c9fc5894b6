namespace StudentCard.Central.CardEnrollment;

/// <summary>A pupil to enroll; these fields go to the identity vault only.</summary>
public sealed record NewStudent(string StudentNumber, string GivenName, string FamilyName, string School, string ClassName, int BirthYear, string GuardianName)
{
    public override string ToString() => "NewStudent(redacted)";
}
