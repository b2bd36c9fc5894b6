using Microsoft.Playwright;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The Staff page in real Chromium at phone width: an operator disables an account that is signed in in another browser,
/// whose next request is refused; unlocks a locked-out head teacher; resets a password that must then be changed; and
/// the DPO's audit page shows each change and sign-in.
/// </summary>
public sealed class StaffBrowserTests : BrowserTest
{
    [ChromiumFact]
    public async Task An_operator_disables_a_signed_in_account_unlocks_another_and_resets_a_password_at_phone_width()
    {
        var school = Central.Roster[0].School;
        var operatorPassword = await Central.AccountAsync("olga", StaffRole.Operator);
        var samPassword = await Central.AccountAsync("sam", StaffRole.SchoolAdmin, school);
        var headPassword = await Central.AccountAsync("head", StaffRole.SchoolAdmin, school);
        await Central.AccountAsync("dora", StaffRole.Dpo);

        var sam = await Browser.NewPageAsync(Central.Url, width: 390, height: 844);
        await AdminBrowser.SignInAsync(sam, "sam", samPassword);
        await sam.GotoAsync("/Passages");
        Assert.EndsWith("/Passages", sam.Url, StringComparison.Ordinal);

        var olga = await Browser.NewPageAsync(Central.Url, width: 390, height: 844, javaScript: false);
        await AdminBrowser.SignInAsync(olga, "olga", operatorPassword);
        await olga.GotoAsync("/Staff");
        Assert.Equal("Staff accounts", await olga.Locator("h1").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(olga, "staff-01-list-phone");
        Assert.True(await olga.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The Staff page scrolls sideways at 390 px.");

        // Disable sam: the session open in the other browser is refused at its next request.
        var samCard = olga.GetByTestId("account-sam");
        await samCard.GetByLabel("Reason for disabling sam").FillAsync("left the school");
        await samCard.GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();
        Assert.Contains("is disabled", await olga.GetByTestId("staff-message").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await olga.GetByTestId("account-sam-disabled").CountAsync());
        await sam.GotoAsync("/Passages");
        Assert.Contains("/Account/SignIn", sam.Url, StringComparison.Ordinal);
        await AdminBrowser.SignInAsync(sam, "sam", samPassword);
        Assert.Equal(SignInApi.DisabledAccount, await sam.GetByTestId("sign-in-error").TextContentAsync());

        // A head teacher locked out by failed sign-ins is unlocked at once instead of waiting for the lockout to end.
        var head = await Browser.NewPageAsync(Central.Url, width: 390, height: 844);
        for (var attempt = 0; attempt < new StaffOptions().MaxFailedSignIns; attempt++)
        {
            await AdminBrowser.SignInAsync(head, "head", "not-the-password");
        }
        await AdminBrowser.SignInAsync(head, "head", headPassword);
        Assert.Contains("locked", await head.GetByTestId("sign-in-error").TextContentAsync(), StringComparison.Ordinal);
        await olga.GotoAsync("/Staff");
        var headCard = olga.GetByTestId("account-head");
        Assert.Equal(1, await olga.GetByTestId("account-head-locked").CountAsync());
        await headCard.GetByLabel("Reason for unlocking head").FillAsync("identity checked on the phone");
        await headCard.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true }).ClickAsync();
        Assert.Contains("is unlocked", await olga.GetByTestId("staff-message").TextContentAsync(), StringComparison.Ordinal);
        await AdminBrowser.SignInAsync(head, "head", headPassword);
        Assert.Equal(0, await head.GetByTestId("sign-in-error").CountAsync());
        Assert.DoesNotContain("/Account/SignIn", head.Url, StringComparison.Ordinal);

        // A reset password is shown once and must be changed at the next sign-in before anything else.
        var doraCard = olga.GetByTestId("account-dora");
        await doraCard.Locator("summary", new() { HasText = "Password" }).ClickAsync();
        await doraCard.GetByLabel("Reason for resetting the password of dora").FillAsync("forgot her password");
        await doraCard.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        var oneTime = (await olga.GetByTestId("one-time-password-value").TextContentAsync())!.Trim();
        await AdminBrowser.ScreenshotAsync(olga, "staff-02-one-time-password-phone");
        await olga.GotoAsync("/Staff");
        Assert.Equal(0, await olga.GetByTestId("one-time-password").CountAsync());

        var dora = await Browser.NewPageAsync(Central.Url, width: 390, height: 844);
        await AdminBrowser.SignInAsync(dora, "dora", oneTime);
        Assert.Contains("/Account/ChangePassword", dora.Url, StringComparison.Ordinal);
        Assert.Equal(1, await dora.GetByTestId("password-expired").CountAsync());
        // Nothing else before the new password: the audit page leads back to the change form.
        await dora.GotoAsync("/Audit");
        Assert.Contains("/Account/ChangePassword", dora.Url, StringComparison.Ordinal);
        await dora.GotoAsync("/Account/ChangePassword");
        await dora.GetByLabel("Current password").FillAsync(oneTime);
        await dora.GetByLabel("New password (at least").FillAsync("dora-chose-this-passphrase");
        await dora.GetByLabel("New password again").FillAsync("dora-chose-this-passphrase");
        await dora.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        // The DPO's audit page shows each change and sign-in, under the operator's and the accounts' own names.
        await dora.GotoAsync($"/Audit?a={AuditActions.StaffChanged}");
        var changes = await dora.GetByTestId("audit").TextContentAsync();
        Assert.Contains("disabled; its open sessions end at their next request; reason: left the school", changes, StringComparison.Ordinal);
        Assert.Contains("unlocked; reason: identity checked on the phone", changes, StringComparison.Ordinal);
        Assert.Contains("password reset to a one-time password", changes, StringComparison.Ordinal);
        Assert.Contains("olga", changes, StringComparison.Ordinal);
        await AdminBrowser.ScreenshotAsync(dora, "staff-03-audit-phone");
        await dora.GotoAsync($"/Audit?a={AuditActions.StaffSignInRefused}");
        var refused = await dora.GetByTestId("audit").TextContentAsync();
        Assert.Contains("refused: account disabled", refused, StringComparison.Ordinal);
        Assert.Contains("refused: wrong password", refused, StringComparison.Ordinal);
        Assert.Contains("refused: account locked until", refused, StringComparison.Ordinal);
        await dora.GotoAsync($"/Audit?a={AuditActions.StaffSignedIn}");
        var signedIn = await dora.GetByTestId("audit").TextContentAsync();
        Assert.Contains("signed in; an operator requires a new password first", signedIn, StringComparison.Ordinal);
        await dora.GotoAsync($"/Audit?a={AuditActions.StaffPasswordChanged}");
        Assert.Contains("changed its own password", await dora.GetByTestId("audit").TextContentAsync(), StringComparison.Ordinal);
        foreach (var action in new[] { AuditActions.StaffChanged, AuditActions.StaffSignInRefused, AuditActions.StaffSignedIn })
        {
            await dora.GotoAsync($"/Audit?a={action}");
            var text = await dora.GetByTestId("audit").TextContentAsync();
            Assert.DoesNotContain(oneTime, text, StringComparison.Ordinal);
            Assert.DoesNotContain(samPassword, text, StringComparison.Ordinal);
        }
    }
}
