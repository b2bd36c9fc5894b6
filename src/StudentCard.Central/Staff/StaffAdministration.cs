using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace StudentCard.Central.Staff;

/// <summary>
/// An operator's changes to staff accounts: disable and enable, role and school, unlock, password reset and a forced
/// password change. Each names its reason, is audited as <see cref="Audit.AuditActions.StaffChanged"/> in the operator's
/// name, and a refused one changes nothing. Open sessions follow at their next request (<c>StaffSessionValidator</c>):
/// a disabled account, a reset or a forced change signs them out; a new role or school replaces the cookie's claims.
/// </summary>
public sealed class StaffAdministration(
    IDbContextFactory<StaffDbContext> stores,
    StaffDirectory directory,
    TimeProvider time,
    ILogger<StaffAdministration> logger)
{
    // The last-operator check and the change it guards are one step in this process.
    private readonly SemaphoreSlim _changes = new(1, 1);

    public async Task DisableAsync(string actor, string userName, string reason, CancellationToken cancellationToken = default) =>
        await ChangeAsync(actor, userName, reason, async (db, account) =>
        {
            if (account.Disabled)
            {
                throw new StaffAccountException($"The account '{account.UserName}' is already disabled. Nothing was changed.");
            }
            await KeepAnOperatorAsync(db, account, actor, "disabled", cancellationToken);
            account.Disabled = true;
            return "disabled; its open sessions end at their next request";
        }, cancellationToken);

    public async Task EnableAsync(string actor, string userName, string reason, CancellationToken cancellationToken = default) =>
        await ChangeAsync(actor, userName, reason, (_, account) =>
        {
            if (!account.Disabled)
            {
                throw new StaffAccountException($"The account '{account.UserName}' is not disabled. Nothing was changed.");
            }
            account.Disabled = false;
            return Task.FromResult("enabled");
        }, cancellationToken);

    /// <summary>Gives the account another role and the school that role acts for (checked as at creation).</summary>
    public async Task ChangeRoleAsync(string actor, string userName, StaffRole role, string? school, string reason, CancellationToken cancellationToken = default) =>
        await ChangeAsync(actor, userName, reason, async (db, account) =>
        {
            var scope = StaffRules.School(role, school);
            if (account.Role == role && account.Scope == scope)
            {
                throw new StaffAccountException($"The account '{account.UserName}' is already a {StaffRules.Describe(role, scope)}. Nothing was changed.");
            }
            if (role != StaffRole.Operator)
            {
                await KeepAnOperatorAsync(db, account, actor, "given another role", cancellationToken);
            }
            var before = StaffRules.Describe(account.Role, account.Scope);
            (account.Role, account.Scope) = (role, scope);
            return $"role changed from {before} to {StaffRules.Describe(role, scope)}";
        }, cancellationToken);

    /// <summary>Moves the account to another school (or to none, where its role allows), keeping its role.</summary>
    public async Task ChangeSchoolAsync(string actor, string userName, string? school, string reason, CancellationToken cancellationToken = default) =>
        await ChangeAsync(actor, userName, reason, (_, account) =>
        {
            var scope = StaffRules.School(account.Role, school);
            if (account.Scope == scope)
            {
                throw new StaffAccountException($"The account '{account.UserName}' already acts for {scope ?? "no one school"}. Nothing was changed.");
            }
            var before = account.Scope ?? "no school";
            account.Scope = scope;
            return Task.FromResult($"school changed from {before} to {scope ?? "no school"}");
        }, cancellationToken);

    /// <summary>Ends a lockout after repeated failed sign-ins at once, rather than when it runs out.</summary>
    public async Task UnlockAsync(string actor, string userName, string reason, CancellationToken cancellationToken = default) =>
        await ChangeAsync(actor, userName, reason, (_, account) =>
        {
            if (account.LockedUntil is not { } until || until <= time.GetUtcNow())
            {
                throw new StaffAccountException($"The account '{account.UserName}' is not locked. Nothing was changed.");
            }
            account.LockedUntil = null;
            account.FailedSignIns = 0;
            return Task.FromResult("unlocked");
        }, cancellationToken);

    /// <summary>
    /// Replaces the password with a generated one-time password, returned to be handed over (never stored or logged):
    /// open sessions end, any lockout ends, and the next sign-in must choose a new password.
    /// </summary>
    public async Task<string> ResetPasswordAsync(string actor, string userName, string reason, CancellationToken cancellationToken = default)
    {
        var password = GeneratedPassword.New();
        await ChangeAsync(actor, userName, reason, (_, account) =>
        {
            account.PasswordHash = StaffDirectory.Hash(account, password);
            account.PasswordChangedAt = time.GetUtcNow();
            account.PasswordChangeRequired = true;
            account.LockedUntil = null;
            account.FailedSignIns = 0;
            return Task.FromResult("password reset to a one-time password; open sessions end and a new password must be chosen at the next sign-in");
        }, cancellationToken);
        return password;
    }

    /// <summary>When a compromise is suspected: open sessions end and the next sign-in must choose a new password.</summary>
    public async Task RequirePasswordChangeAsync(string actor, string userName, string reason, CancellationToken cancellationToken = default) =>
        await ChangeAsync(actor, userName, reason, (_, account) =>
        {
            account.PasswordChangeRequired = true;
            return Task.FromResult("password change required; open sessions end and a new password must be chosen at the next sign-in");
        }, cancellationToken);

    private async Task ChangeAsync(string actor, string userName, string reason, Func<StaffDbContext, StaffAccount, Task<string>> change, CancellationToken cancellationToken)
    {
        var why = StaffRules.Reason(reason);
        userName = (userName ?? "").Trim();
        await _changes.WaitAsync(cancellationToken);
        try
        {
            await using var db = await stores.CreateDbContextAsync(cancellationToken);
            var account = await db.StaffAccounts.SingleOrDefaultAsync(a => a.UserName == userName, cancellationToken)
                ?? throw new StaffAccountException($"There is no account '{userName}'. Nothing was changed.", unknownAccount: true);
            var what = await change(db, account);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Staff account {UserName} changed by {Actor}: {Change}", account.UserName, actor, what);
            await directory.RecordChangeAsync(actor, account.UserName, what, why, cancellationToken);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Refuses a change that would leave no enabled operator, since only an operator can manage staff accounts.</summary>
    private static async Task KeepAnOperatorAsync(StaffDbContext db, StaffAccount account, string actor, string change, CancellationToken cancellationToken)
    {
        if (account.Role != StaffRole.Operator || account.Disabled)
        {
            return;
        }
        if (!await db.StaffAccounts.AnyAsync(a => a.Role == StaffRole.Operator && !a.Disabled && a.UserName != account.UserName, cancellationToken))
        {
            var who = account.UserName == actor ? "you are" : $"'{account.UserName}' is";
            throw new StaffAccountException($"The account cannot be {change}: {who} the last enabled operator, and only an operator manages staff accounts. Add or enable another operator first. Nothing was changed.");
        }
    }
}
