using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Admin.Reidentification;

/// <summary>
/// A staff member's request to learn whose a pseudonym is: the purpose, the pseudonym, the stated
/// reason, and the school the requester is limited to (null: the DPO, any school).
/// </summary>
public sealed record ReidentificationRequest(string Actor, ReaderType Purpose, string Pseudonym, string Reason, string? School)
{
    public const int MinimumReasonLength = 10;

    /// <summary>Why the request cannot be carried out, or null when it can.</summary>
    public string? Problem() =>
        !PurposePseudonym.IsWellFormed(Pseudonym) ? "A pseudonym is 32 lowercase hexadecimal characters."
        : string.IsNullOrWhiteSpace(Reason) || Reason.Trim().Length < MinimumReasonLength
            ? $"State the reason for re-identifying this pseudonym (at least {MinimumReasonLength} characters); it goes on the audit log."
        : Reason.Length > Audit.AuditLog.MaxReasonLength ? $"The reason is at most {Audit.AuditLog.MaxReasonLength} characters."
        : null;
}
