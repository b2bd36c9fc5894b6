using StudentCard.Central.Admin.Reidentification;
using StudentCard.Central.Audit;

namespace StudentCard.Central.Admin.Pupils;

/// <summary>
/// A school admin's search for pupils of their school by name or student number, with the purpose of the search, which
/// goes on the audit log (the query itself never does).
/// </summary>
public sealed record PupilSearchRequest(string Actor, string? School, string Query, string Reason)
{
    public const int MaxQueryLength = 100;

    /// <summary>Why the search cannot be carried out, or null when it can.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Query) || Query.Trim().Length < 2 ? "Enter a name (or part of one, at least 2 letters) or a student number."
        : Query.Trim().Length > MaxQueryLength ? $"A search is at most {MaxQueryLength} characters."
        : PupilReason.Problem(Reason);
}

/// <summary>A school admin's request to see one pupil of their school (rights, cards, recent refusals), with its purpose.</summary>
public sealed record PupilViewRequest(string Actor, string? School, string StudentNumber, string Reason)
{
    public const int MaxStudentNumberLength = 64;

    /// <summary>Why the request cannot be carried out, or null when it can.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(StudentNumber) ? "Choose a pupil."
        : StudentNumber.Trim().Length > MaxStudentNumberLength ? $"A student number is at most {MaxStudentNumberLength} characters."
        : PupilReason.Problem(Reason);
}

/// <summary>The stated purpose of a pupil search or view: the same bar as re-identification, since both name a person.</summary>
public static class PupilReason
{
    public const int MinimumLength = ReidentificationRequest.MinimumReasonLength;

    public static string? Problem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < MinimumLength
            ? $"State why you are looking up this pupil (at least {MinimumLength} characters); it goes on the audit log."
        : reason.Trim().Length > AuditLog.MaxReasonLength ? $"The reason is at most {AuditLog.MaxReasonLength} characters."
        : null;
}
