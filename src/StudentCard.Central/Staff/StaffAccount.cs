namespace StudentCard.Central.Staff;

/// <summary>A staff member's sign-in account: staff are people too, so nothing beyond what signing in and scoping need.</summary>
public sealed class StaffAccount
{
    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public StaffRole Role { get; set; }

    /// <summary>The school (or site) the account acts for; null when the role is not scoped to one.</summary>
    public string? Scope { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash with its salt and parameters.</summary>
    public required string PasswordHash { get; set; }

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset PasswordChangedAt { get; set; }

    /// <summary>An operator asked for a new password (reset, or a suspected compromise): the next sign-in must choose one first.</summary>
    public bool PasswordChangeRequired { get; set; }

    /// <summary>A disabled account signs in nowhere and its open sessions end at their next request; it is kept for the audit trail.</summary>
    public bool Disabled { get; set; }
}
