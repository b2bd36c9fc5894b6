namespace StudentCard.Central.Staff;

/// <summary>The admin API's staff account routes, shared by the API and the command line.</summary>
public static class StaffRoutes
{
    public const string Prefix = "/api/staff";

    public static string Account(string userName, string action) => $"{Prefix}/{Uri.EscapeDataString(userName)}/{action}";
}

/// <summary>A new account: its sign-in name, display name, role (command-line name), school where the role has one, and why.</summary>
public sealed record StaffCreateRequest(string? UserName, string? DisplayName, string? Role, string? School, string? Reason);

/// <summary>A change to one account that needs only a reason: disable, enable, unlock, reset or require a password change.</summary>
public sealed record StaffChangeRequest(string? Reason);

/// <summary>Another role (command-line name) and the school it acts for.</summary>
public sealed record StaffRoleRequest(string? Role, string? School, string? Reason);

/// <summary>Another school for the account's role; empty for none where the role allows.</summary>
public sealed record StaffSchoolRequest(string? School, string? Reason);

/// <summary>A generated one-time password, in the answer to a creation or reset only; it must be changed at the next sign-in.</summary>
public sealed record StaffPasswordResponse(string UserName, string OneTimePassword);

/// <summary>An account as the API lists it: never a password or its hash.</summary>
public sealed record StaffAccountView(
    string UserName, string DisplayName, string Role, string? School, bool Disabled, DateTimeOffset? LockedUntil,
    DateTimeOffset PasswordChangedAt, bool MustChangePassword)
{
    public static StaffAccountView Of(StaffAccount account, bool mustChangePassword) => new(
        account.UserName, account.DisplayName, account.Role.Name(), account.Scope, account.Disabled, account.LockedUntil,
        account.PasswordChangedAt, mustChangePassword);
}
