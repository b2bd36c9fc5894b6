using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.SignInLimits;

namespace StudentCard.Central.Staff;

/// <summary>
/// Staff accounts: creation with a generated password, sign-in with lockout after repeated failures,
/// password expiry and change. Passwords are chosen by people, so they keep ASP.NET Core Identity's slow hash (PBKDF2);
/// each account name has a failure budget (<see cref="SignInThrottles.StaffAccounts"/>), so guessing, known name or not,
/// is refused unhashed once it is spent, whichever endpoint asks.
/// </summary>
public sealed class StaffDirectory(
    IDbContextFactory<StaffDbContext> stores,
    IOptions<StaffOptions> options,
    SignInThrottles throttles,
    TimeProvider time,
    ILogger<StaffDirectory> logger)
{
    private static readonly PasswordHasher<StaffAccount> Hasher = new();

    // Checked against when the user name is unknown, so a miss costs as long as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(null!, GeneratedPassword.New());

    private StaffOptions Settings => options.Value;

    /// <summary>Creates an account and returns its generated first password; this is the only time it is seen.</summary>
    public async Task<string> CreateAsync(string userName, string displayName, StaffRole role, string? scope, CancellationToken cancellationToken = default)
    {
        userName = userName.Trim();
        if (!IsValidUserName(userName))
        {
            throw new StaffAccountException("A user name is 3 to 64 characters: letters, digits, '.', '-' or '_'.");
        }
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 100)
        {
            throw new StaffAccountException("A display name is 1 to 100 characters.");
        }
        scope = string.IsNullOrWhiteSpace(scope) ? null : scope.Trim();
        if (role.NeedsSchool() && scope is null)
        {
            throw new StaffAccountException($"A {role.Name()} account acts for one school: give --school.");
        }
        if (scope is { Length: > 100 })
        {
            throw new StaffAccountException("A school or site name is at most 100 characters.");
        }
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
        account.PasswordHash = Hasher.HashPassword(account, password);
        db.StaffAccounts.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created staff account {UserName} with role {Role}", userName, role.Name());
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
            return new SignInOutcome(SignInStatus.Throttled, RetryAfter: retryAfter);
        }
        var outcome = await CheckPasswordAsync(userName, password, cancellationToken);
        if (outcome.Status == SignInStatus.Failed)
        {
            throttles.StaffAccounts.Failed(null, userName);
        }
        return outcome;
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
            return new SignInOutcome(SignInStatus.Failed);
        }
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = Hasher.HashPassword(account, password);
        }
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return new SignInOutcome(IsExpired(account) ? SignInStatus.PasswordExpired : SignInStatus.Succeeded, account);
    }

    public bool IsExpired(StaffAccount account) =>
        time.GetUtcNow() >= account.PasswordChangedAt.AddDays(Settings.PasswordMaxAgeDays);

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
        if (Hasher.VerifyHashedPassword(account, account.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            throw new StaffAccountException("The current password is not right.");
        }
        account.PasswordHash = Hasher.HashPassword(account, newPassword);
        account.PasswordChangedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Staff account {UserName} changed its password", userName);
        return account;
    }

    private static bool IsValidUserName(string userName) =>
        userName.Length is >= 3 and <= 64 && userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
