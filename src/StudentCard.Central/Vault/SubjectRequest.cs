namespace StudentCard.Central.Vault;

/// <summary>
/// One data-subject request from receipt to answer. It lives in the vault because it points at a
/// person; it holds no name, so it can outlive an erasure as the controller's proof of compliance.
/// </summary>
public sealed class SubjectRequest
{
    public long Id { get; set; }

    public RequestKind Kind { get; set; }

    /// <summary>The pupil the request is about; null once the pupil has been erased.</summary>
    public long? StudentId { get; set; }

    public RequesterRole Requester { get; set; }

    /// <summary>The roster guardian who acts, when known; a guardian from an enrollment desk is named only in the verification.</summary>
    public long? GuardianId { get; set; }

    public RequestStatus Status { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>ReceivedAt plus 30 days plus any extension.</summary>
    public DateTimeOffset DueAt { get; set; }

    public int ExtensionDays { get; set; }

    public string? ExtensionReason { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>How identity (and, for a guardian, parental responsibility) was checked, e.g. "ID card seen at the office".</summary>
    public string? VerificationMethod { get; set; }

    public string? VerifiedBy { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>What was done, without names: counts, purposes, the fields changed.</summary>
    public string? Outcome { get; set; }

    /// <summary>For access and portability: whether this was the calendar year's free copy (Art. 15(3)).</summary>
    public bool? FreeCopy { get; set; }

    /// <summary>For an objection: the purpose objected to.</summary>
    public ReaderType? Purpose { get; set; }

    public DateTimeOffset? RefusedAt { get; set; }

    public string? RefusalReason { get; set; }

    /// <summary>When the person must have been told of a rectification, erasure or restriction (5 days after it).</summary>
    public DateTimeOffset? NotificationDueAt { get; set; }

    public DateTimeOffset? NotifiedAt { get; set; }

    public string? NotificationChannel { get; set; }

    /// <summary>The audit subject for this request: its id, never the person.</summary>
    public string AuditSubject => $"subject request {Id}";
}

/// <summary>The rights a request exercises (GDPR Art. 15–18, 20, 21).</summary>
public enum RequestKind
{
    Access,
    Portability,
    Rectification,
    Erasure,
    Restriction,
    Objection,
}

/// <summary>Who made the request: the pupil, or a guardian acting for them.</summary>
public enum RequesterRole
{
    Student,
    Guardian,
}

/// <summary>Where a request stands.</summary>
public enum RequestStatus
{
    Received,
    Verified,
    Completed,
    Refused,
}
