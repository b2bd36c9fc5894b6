using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Pages.Account;

/// <summary>Changes the signed-in person's password; the only page open to a sign-in whose password has expired.</summary>
public sealed class ChangePasswordModel(StaffDirectory staff, IOptions<StaffOptions> options) : PageModel
{
    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string ConfirmPassword { get; set; } = "";

    public string? Error { get; private set; }

    public int MinimumLength => options.Value.MinimumPasswordLength;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (NewPassword != ConfirmPassword)
        {
            Error = "The two new passwords differ.";
            return Page();
        }
        StaffAccount account;
        try
        {
            account = await staff.ChangePasswordAsync(User.UserName(), CurrentPassword, NewPassword, HttpContext.RequestAborted);
        }
        catch (StaffAccountException e)
        {
            Error = e.Message;
            return Page();
        }
        // A new cookie carries the new password's time; cookies issued before the change stop working.
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffClaims.Principal(account, passwordExpired: false));
        return RedirectToPage("/Index");
    }
}
