using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.SignInLimits;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Pages.Account;

/// <summary>
/// Signs a staff member in; repeated failures lock the account, an expired password leads to the change form.
/// Attempts are limited per address (the staff sign-in policy) and per account name (the staff directory).
/// </summary>
[EnableRateLimiting(StaffSignInPolicy.Name)]
public sealed class SignInModel(StaffDirectory staff) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await staff.SignInAsync(UserName.Trim(), Password, HttpContext.RequestAborted);
        switch (outcome.Status)
        {
            case SignInStatus.LockedOut:
                Error = $"This account is locked after repeated failed sign-ins, until {outcome.LockedUntil:yyyy-MM-dd HH:mm} UTC.";
                return Page();
            case SignInStatus.Failed:
                Error = Api.SignInApi.WrongCredentials;
                return Page();
            case SignInStatus.Disabled:
                Error = Api.SignInApi.DisabledAccount;
                return Page();
            case SignInStatus.Throttled:
                await StaffSignInPolicy.WriteTooManyAsync(HttpContext, outcome.RetryAfter!.Value, HttpContext.RequestAborted);
                return new EmptyResult();
        }
        var expired = outcome.Status == SignInStatus.PasswordExpired;
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffClaims.Principal(outcome.Account!, expired));
        if (expired)
        {
            return RedirectToPage("/Account/ChangePassword");
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
