namespace StudentCard.Central.Staff;

/// <summary>What a sign-in attempt came to; the account only when the password was right and the account not locked.</summary>
public sealed record SignInOutcome(SignInStatus Status, StaffAccount? Account = null, DateTimeOffset? LockedUntil = null, TimeSpan? RetryAfter = null);

/// <summary>The kinds of sign-in outcome. Unknown user and wrong password are one kind, so the answer does not reveal which.</summary>
public enum SignInStatus
{
    Succeeded,
    PasswordExpired,
    Failed,
    LockedOut,

    /// <summary>The password was right but an operator disabled the account.</summary>
    Disabled,

    /// <summary>Too many failed sign-ins with this name: refused unchecked until <see cref="SignInOutcome.RetryAfter"/> has passed.</summary>
    Throttled,
}
