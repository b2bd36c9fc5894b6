using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.SignInLimits;

namespace StudentCard.Central.Staff;

/// <summary>
/// Staff accounts: creation with a generated password, sign-in with lockout after repeated failures,
/// password expiry and change. Passwords are chosen by people, so they keep ASP.NET Core Identity's slow hash (PBKDF2);
/// each account name has a failure budget (<see cref="SignInThrottles.StaffAccounts"/>), so guessing, known name or not,
/// is refused unhashed once it is spent, whichever endpoint asks. Every creation, sign-in (refused ones with their reason)
/// and password change is audited; no password ever reaches the audit log or the logs.
/// </summary>
public sealed class StaffDirectory(
    IDbContextFactory<StaffDbContext> stores,
    IOptions<StaffOptions> options,
    SignInThrottles throttles,
    AuditLog audit,
    TimeProvider time,
    ILogger<StaffDirectory> logger)
{
    /// <summary>Who a refused sign-in is recorded as when the name is no account: the typed name may be a mistyped password.</summary>
    public const string UnknownAccount = "(unknown account)";

    private static readonly PasswordHasher<StaffAccount> Hasher = new();

    // Checked against when the user name is unknown, so a miss costs as long as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(null!, GeneratedPassword.New());

    private StaffOptions Settings => options.Value;

    /// <summary>
    /// Creates an account and returns its generated first password; this is the only time it is seen. Audited as
    /// <see cref="AuditActions.StaffChanged"/> in <paramref name="actor"/>'s name with <paramref name="reason"/>.
    /// </summary>
    public async Task<string> CreateAsync(string actor, string userName, string displayName, StaffRole role, string? scope, string reason, CancellationToken cancellationToken = default)
    {
        var why = StaffRules.Reason(reason);
        userName = userName.Trim();
        if (!IsValidUserName(userName))
        {
            throw new StaffAccountException("A user name is 3 to 64 characters: letters, digits, '.', '-' or '_'.");
        }
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 100)
        {
            throw new StaffAccountException("A display name is 1 to 100 characters.");
        }
        scope = StaffRules.School(role, scope);
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        if (await db.StaffAccounts.AnyAsync(a => a.UserName == userName, cancellationToken))
        {
            throw new StaffAccountException($"An account '{userName}' already exists.");
        }
        var password = GeneratedPassword.New();
        var account = new StaffAccount
        {
            UserName = userName,
            DisplayName = displayName.Trim(),
            Role = role,
            Scope = scope,
            PasswordHash = "",
            // A generated password is a one-time handover: it must be changed at the first sign-in.
            PasswordChangedAt = DateTimeOffset.UnixEpoch,
        };
        account.PasswordHash = Hash(account, password);
        db.StaffAccounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created staff account {UserName} with role {Role}", userName, role.Name());
        await RecordChangeAsync(actor, userName, $"created a {StaffRules.Describe(role, scope)} account", why, cancellationToken);
        return password;
    }

    public async Task<StaffAccount?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.StaffAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserName == userName, cancellationToken);
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.StaffAccounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Checks a password. A locked account is refused without looking at the password, so guessing
    /// during a lockout learns nothing; the failure that reaches the limit starts the lockout.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        if (!throttles.StaffAccounts.Admits(null, userName, out var retryAfter))
        {
            logger.LogWarning("Refused a sign-in as {UserName}: too many failed sign-ins with that name", userName);
            await RecordSignInAsync(await FindAsync(userName, cancellationToken) is null ? UnknownAccount : userName, SignInStatus.Throttled, "too many failed sign-ins with this name", cancellationToken);
            return new SignInOutcome(SignInStatus.Throttled, RetryAfter: retryAfter);
        }
        var outcome = await CheckPasswordAsync(userName, password, cancellationToken);
        if (outcome.Status == SignInStatus.Failed)
        {
            throttles.StaffAccounts.Failed(null, userName);
        }
        var (who, why) = outcome.Status switch
        {
            SignInStatus.Failed when outcome.Account is null => (UnknownAccount, "no such account"),
            SignInStatus.Failed => (userName, "wrong password"),
            SignInStatus.LockedOut => (userName, $"account locked until {outcome.LockedUntil:yyyy-MM-dd HH:mm} UTC after repeated failed sign-ins"),
            SignInStatus.Disabled => (userName, "account disabled"),
            SignInStatus.PasswordExpired => (userName, outcome.Account!.PasswordChangeRequired ? "signed in; an operator requires a new password first" : "signed in; the password has expired and must be changed first"),
            _ => (userName, "signed in"),
        };
        await RecordSignInAsync(who, outcome.Status, why, cancellationToken);
        // Failed outcomes name no account to the caller, so the answer does not tell a wrong name from a wrong password.
        return outcome.Status == SignInStatus.Failed ? new SignInOutcome(SignInStatus.Failed) : outcome;
    }

    private async Task<SignInOutcome> CheckPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var account = await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == userName, cancellationToken);
        var now = time.GetUtcNow();
        if (account is null)
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return new SignInOutcome(SignInStatus.Failed);
        }
        if (account.LockedUntil is { } until && until > now)
        {
            return new SignInOutcome(SignInStatus.LockedOut, LockedUntil: until);
        }
        var verified = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            account.FailedSignIns++;
            if (account.FailedSignIns >= Settings.MaxFailedSignIns)
            {
                account.LockedUntil = now.AddMinutes(Settings.LockoutMinutes);
                account.FailedSignIns = 0;
                await db.SaveChangesAsync(cancellationToken);
                logger.LogWarning("Locked staff account {UserName} after {Count} failed sign-ins", userName, Settings.MaxFailedSignIns);
                return new SignInOutcome(SignInStatus.LockedOut, LockedUntil: account.LockedUntil);
            }
            await db.SaveChangesAsync(cancellationToken);
            return new SignInOutcome(SignInStatus.Failed, account);
        }
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = Hash(account, password);
        }
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        if (account.Disabled)
        {
            // Said only to whoever knows the password, so a disabled account's name is no more exposed than an active one's.
            return new SignInOutcome(SignInStatus.Disabled, account);
        }
        return new SignInOutcome(IsExpired(account) ? SignInStatus.PasswordExpired : SignInStatus.Succeeded, account);
    }

    /// <summary>The password must be changed before anything else: an operator asked for it, or it is older than Admin:PasswordMaxAgeDays.</summary>
    public bool IsExpired(StaffAccount account) =>
        account.PasswordChangeRequired || time.GetUtcNow() >= account.PasswordChangedAt.AddDays(Settings.PasswordMaxAgeDays);

    /// <summary>Replaces the password after checking the current one; the new one must differ and meet the length rule.</summary>
    public async Task<StaffAccount> ChangePasswordAsync(string userName, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        if (newPassword.Length < Settings.MinimumPasswordLength)
        {
            throw new StaffAccountException($"The new password must have at least {Settings.MinimumPasswordLength} characters.");
        }
        if (newPassword == currentPassword)
        {
            throw new StaffAccountException("The new password must differ from the current one.");
        }
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var account = await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == userName, cancellationToken)
            ?? throw new StaffAccountException("This account no longer exists.");
        if (account.Disabled)
        {
            throw new StaffAccountException("This account is disabled.");
        }
        if (Hasher.VerifyHashedPassword(account, account.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            throw new StaffAccountException("The current password is not right.");
        }
        account.PasswordHash = Hash(account, newPassword);
        account.PasswordChangedAt = time.GetUtcNow();
        account.PasswordChangeRequired = false;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Staff account {UserName} changed its password", userName);
        await audit.RecordAsync(userName, AuditActions.StaffPasswordChanged, Subject(userName), "changed its own password", cancellationToken);
        return account;
    }

    /// <summary>The audit subject of a staff account.</summary>
    public static string Subject(string userName) => $"staff account {userName}";

    /// <summary>Records a staff change: <paramref name="what"/> was done to <paramref name="userName"/>'s account for <paramref name="reason"/>.</summary>
    public Task RecordChangeAsync(string actor, string userName, string what, string reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(actor, AuditActions.StaffChanged, Subject(userName), $"{what}; reason: {reason}", cancellationToken);

    internal static string Hash(StaffAccount account, string password) => Hasher.HashPassword(account, password);

    private Task RecordSignInAsync(string userName, SignInStatus status, string why, CancellationToken cancellationToken) =>
        audit.RecordAsync(userName, status is SignInStatus.Succeeded or SignInStatus.PasswordExpired ? AuditActions.StaffSignedIn : AuditActions.StaffSignInRefused,
            userName == UnknownAccount ? "staff sign-in" : Subject(userName), status is SignInStatus.Succeeded or SignInStatus.PasswordExpired ? why : $"refused: {why}", cancellationToken);

    private static bool IsValidUserName(string userName) =>
        userName.Length is >= 3 and <= 64 && userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
