using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Pages.Staff;

/// <summary>
/// The operator's staff accounts: each account's role, school and state (disabled, locked, due a new password), and
/// every change to it with a reason: add, disable, enable, role, school, unlock, password reset (a one-time password shown
/// once) and a required password change. The same <see cref="StaffAdministration"/> as the API, so the same refusals.
/// </summary>
[Authorize(Policy = AdminPolicies.Staff)]
public sealed class IndexModel(StaffDirectory directory, StaffAdministration administration, TimeProvider time) : PageModel
{
    public IReadOnlyList<StaffAccount> Accounts { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The account a one-time password was just made for, and that password: shown in this answer only.</summary>
    public (string UserName, string Password)? OneTimePassword { get; private set; }

    [BindProperty]
    public string? NewUser { get; set; }

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string? NewRole { get; set; }

    [BindProperty]
    public string? NewSchool { get; set; }

    [BindProperty]
    public string? NewReason { get; set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public bool MustChange(StaffAccount account) => directory.IsExpired(account);

    public async Task OnGetAsync() => await LoadAsync();

    public Task OnPostAddAsync() => RunAsync(async () =>
    {
        var role = Role(NewRole);
        var user = (NewUser ?? "").Trim();
        var password = await directory.CreateAsync(User.UserName(), user, string.IsNullOrWhiteSpace(NewName) ? user : NewName, role, NewSchool, NewReason ?? "", HttpContext.RequestAborted);
        Shown(user, password);
        NewUser = NewName = NewRole = NewSchool = NewReason = null;
        ModelState.Clear();
        return $"Account '{user}' is created as {role.Name()}.";
    });

    public Task OnPostDisableAsync(string user, string reason) => RunAsync(async () =>
    {
        await administration.DisableAsync(User.UserName(), user, reason, HttpContext.RequestAborted);
        return $"Account '{user}' is disabled: it cannot sign in, and its open sessions end at their next request.";
    });

    public Task OnPostEnableAsync(string user, string reason) => RunAsync(async () =>
    {
        await administration.EnableAsync(User.UserName(), user, reason, HttpContext.RequestAborted);
        return $"Account '{user}' is enabled.";
    });

    public Task OnPostUnlockAsync(string user, string reason) => RunAsync(async () =>
    {
        await administration.UnlockAsync(User.UserName(), user, reason, HttpContext.RequestAborted);
        return $"Account '{user}' is unlocked and can sign in now.";
    });

    public Task OnPostResetAsync(string user, string reason) => RunAsync(async () =>
    {
        var password = await administration.ResetPasswordAsync(User.UserName(), user, reason, HttpContext.RequestAborted);
        Shown(user.Trim(), password);
        return $"The password of '{user}' is reset; its open sessions end now.";
    });

    public Task OnPostRequireChangeAsync(string user, string reason) => RunAsync(async () =>
    {
        await administration.RequirePasswordChangeAsync(User.UserName(), user, reason, HttpContext.RequestAborted);
        return $"'{user}' must choose a new password at the next sign-in; its open sessions end now.";
    });

    public Task OnPostRoleAsync(string user, string role, string? school, string reason) => RunAsync(async () =>
    {
        await administration.ChangeRoleAsync(User.UserName(), user, Role(role), school, reason, HttpContext.RequestAborted);
        return $"'{user}' has the role {Role(role).Name()} from its next request.";
    });

    public Task OnPostSchoolAsync(string user, string? school, string reason) => RunAsync(async () =>
    {
        await administration.ChangeSchoolAsync(User.UserName(), user, school, reason, HttpContext.RequestAborted);
        return $"'{user}' acts for {(string.IsNullOrWhiteSpace(school) ? "no one school" : school.Trim())} from its next request.";
    });

    private void Shown(string user, string password)
    {
        OneTimePassword = (user, password);
        Response.Headers.CacheControl = "no-store";
    }

    private async Task RunAsync(Func<Task<string>> change)
    {
        try
        {
            Message = await change();
        }
        catch (StaffAccountException e)
        {
            Error = e.Message;
        }
        await LoadAsync();
    }

    private async Task LoadAsync() => Accounts = await directory.ListAsync(HttpContext.RequestAborted);

    private static StaffRole Role(string? name) => StaffRoles.TryParse(name?.Trim(), out var role)
        ? role
        : throw new StaffAccountException($"'{name}' is not a staff role; use one of: {string.Join(", ", StaffRoles.Names)}. Nothing was changed.");
}
