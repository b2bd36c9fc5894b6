using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.Reidentification;
using StudentCard.Central.Audit;

namespace StudentCard.Central.Admin.PupilPassages;

/// <summary>
/// A school admin's request to see one pupil's passages: who asks, what they may see (their purpose and school's
/// sites), the pupil's student number and the stated reason, which goes on the audit log.
/// </summary>
public sealed record PupilPassagesRequest(string Actor, PassageScope Scope, string StudentNumber, string Reason)
{
    /// <summary>The same bar as re-identification: this too joins a named person to their purpose data.</summary>
    public const int MinimumReasonLength = ReidentificationRequest.MinimumReasonLength;

    public const int MaxStudentNumberLength = 64;

    /// <summary>Why the request cannot be carried out, or null when it can.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(StudentNumber) ? "Enter a student number."
        : StudentNumber.Trim().Length > MaxStudentNumberLength ? $"A student number is at most {MaxStudentNumberLength} characters."
        : string.IsNullOrWhiteSpace(Reason) || Reason.Trim().Length < MinimumReasonLength
            ? $"State the reason for looking up this pupil's passages (at least {MinimumReasonLength} characters); it goes on the audit log."
        : Reason.Trim().Length > AuditLog.MaxReasonLength ? $"The reason is at most {AuditLog.MaxReasonLength} characters."
        : null;
}
