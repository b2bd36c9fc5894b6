using StudentCard.Core.Identifiers;

namespace StudentCard.Central.CardEnrollment;

/// <summary>Checks an enrollment request before anything is read or written.</summary>
public static class EnrollmentRequests
{
    public static void Validate(IReadOnlyCollection<Enrollee> enrollees)
    {
        if (enrollees.Count == 0)
        {
            throw Invalid("An enrollment needs at least one student.");
        }
        foreach (var enrollee in enrollees)
        {
            ValidateToken(enrollee.Token);
            ValidateStudent(enrollee.Student);
        }
        if (enrollees.Select(e => e.Token.Value).Distinct().Count() != enrollees.Count)
        {
            throw new EnrollmentException(EnrollmentError.CardAlreadyEnrolled, "The same card appears twice in this enrollment.");
        }
        if (enrollees.Select(e => e.Student.StudentNumber).Distinct().Count() != enrollees.Count)
        {
            throw new EnrollmentException(EnrollmentError.StudentAlreadyEnrolled, "The same student appears twice in this enrollment.");
        }
    }

    /// <summary>A card token is 32 lowercase hex characters, as the edge derives it.</summary>
    public static void ValidateToken(CardToken token)
    {
        if (!PurposePseudonym.IsWellFormed(token.Value))
        {
            throw Invalid("A card token is 32 lowercase hex characters.");
        }
    }

    private static void ValidateStudent(NewStudent student)
    {
        if (string.IsNullOrWhiteSpace(student.StudentNumber) || student.StudentNumber.Length > 32)
        {
            throw Invalid("A student number is 1 to 32 characters.");
        }
        if (string.IsNullOrWhiteSpace(student.GivenName) || string.IsNullOrWhiteSpace(student.FamilyName))
        {
            throw Invalid("A student needs a given and a family name.");
        }
    }

    private static EnrollmentException Invalid(string message) => new(EnrollmentError.InvalidRequest, message);
}
