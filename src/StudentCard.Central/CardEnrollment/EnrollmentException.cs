namespace StudentCard.Central.CardEnrollment;

/// <summary>An enrollment or card change that was refused before anything was written. Its message names no person or card.</summary>
public sealed class EnrollmentException(EnrollmentError error, string message) : Exception(message)
{
    public EnrollmentError Error { get; } = error;
}

/// <summary>Why an enrollment or card change was refused.</summary>
public enum EnrollmentError
{
    CardAlreadyEnrolled,
    CardRevoked,
    StudentAlreadyEnrolled,
    UnknownStudent,
    UnknownCard,
    InvalidRequest,
}
