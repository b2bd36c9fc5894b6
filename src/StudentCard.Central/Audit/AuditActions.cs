namespace StudentCard.Central.Audit;

/// <summary>The action names the audit log uses, one per kind of look at or change to personal data and its rules.</summary>
public static class AuditActions
{
    public const string PassagesRead = "passages.read";
    public const string AlertsRead = "alerts.read";
    public const string Reidentification = "identity.reidentify";
    public const string SubjectRequest = "subject.request";
    public const string Enrollment = "identity.enroll";
    public const string CardReissued = "identity.card-reissued";
    public const string CardRevoked = "identity.card-revoked";
    public const string ReaderRegistered = "reader.register";
    public const string ReaderRevoked = "reader.revoke";
    public const string KeyRotationBegun = "key.rotate-begin";
    public const string KeyRotationCompleted = "key.rotate-complete";
    public const string RuleChanged = "rule.change";
    public const string CalendarChanged = "calendar.change";
    public const string StaffChanged = "staff.change";
    public const string StaffSignedIn = "staff.sign-in";
    public const string StaffSignInRefused = "staff.sign-in-refused";
    public const string StaffPasswordChanged = "staff.password-change";
}
