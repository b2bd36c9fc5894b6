using System.Text.Json;
using Microsoft.Playwright;
using StudentCard.Central.Staff;
using StudentCard.Core;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The admin UI in real Chromium against Central on a loopback port: sign-in and lockout, a transport
/// admin kept away from gate passages by page and API, re-identification that needs a reason and then
/// shows in the DPO's audit view. Screenshots of the main pages go to <see cref="AdminBrowser.ScreenshotDirectory"/>.
/// </summary>
public sealed class AdminUiBrowserTests : BrowserTest
{
    [ChromiumFact]
    public async Task Sign_in_sets_a_cookie_the_browser_keeps_and_five_wrong_passwords_lock_the_account()
    {
        var password = await Central.AccountAsync("sam", StaffRole.SchoolAdmin, Central.Roster[0].School);
        var page = await Browser.NewPageAsync(Central.Url);

        await page.GotoAsync("/Passages");
        Assert.Contains("/Account/SignIn", page.Url);
        await AdminBrowser.ScreenshotAsync(page, "01-sign-in");
        await AdminBrowser.SignInAsync(page, "sam", password);
        Assert.Equal("Welcome, sam (synthetic)", await page.Locator("h1").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "02-home-school-admin");

        // Chromium keeps a Secure cookie from http://127.0.0.1 (a secure context), with the flags Central set.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "studentcard.admin");
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Null(await page.EvaluateAsync<string?>("() => document.cookie.includes('studentcard.admin') ? 'visible' : null"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        Assert.Contains("/Account/SignIn", page.Url);
        for (var i = 1; i <= 4; i++)
        {
            await AdminBrowser.SignInAsync(page, "sam", $"wrong-{i}");
            Assert.Contains("not right", await page.GetByTestId("sign-in-error").TextContentAsync());
        }
        await AdminBrowser.SignInAsync(page, "sam", "wrong-5");
        Assert.Contains("locked after repeated failed sign-ins", await page.GetByTestId("sign-in-error").TextContentAsync());
        await AdminBrowser.SignInAsync(page, "sam", password);
        Assert.Contains("locked", await page.GetByTestId("sign-in-error").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "03-locked-out");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "studentcard.admin");
    }

    [ChromiumFact]
    public async Task A_transport_admin_cannot_reach_gate_passages_by_page_or_api()
    {
        var password = await Central.AccountAsync("tara", StaffRole.TransportAdmin);
        var page = await Browser.NewPageAsync(Central.Url);
        await AdminBrowser.SignInAsync(page, "tara", password);

        await page.GotoAsync("/Passages");
        Assert.Equal("bus passages", await page.Locator("h1").TextContentAsync());
        var table = await page.GetByTestId("passages").TextContentAsync();
        Assert.Contains(Central.Pseudonym(Central.Roster[0], ReaderType.Bus), table);
        Assert.DoesNotContain(Central.Pseudonym(Central.Roster[0], ReaderType.Gate), table);
        Assert.DoesNotContain("gate-1", table);
        await AdminBrowser.ScreenshotAsync(page, "04-passages-transport-admin");

        // The menu offers only the bus passages, counts and alerts, and the calendar (for its bus routes), and typing the
        // other pages' addresses ends on "Not allowed".
        Assert.Equal(["Passages", "Traffic", "Alerts", "Calendar"], await page.Locator("header nav a").AllTextContentsAsync());
        foreach (var path in new[] { "/Reidentification", "/Audit", "/Readers", "/RollCall", "/Safety", "/Cards", "/Roster", "/DataSubjects" })
        {
            await page.GotoAsync(path);
            Assert.Contains("/Account/Denied", page.Url);
        }
        await AdminBrowser.ScreenshotAsync(page, "05-denied");

        // The browser itself asks the API (a navigation carries its cookies as any request would).
        var api = await page.GotoAsync("/api/passages?reader=gate-1");
        Assert.Equal(200, api!.Status);
        var body = JsonDocument.Parse(await api.TextAsync()).RootElement;
        Assert.Equal("bus", body.GetProperty("purpose").GetString());
        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        Assert.Equal(403, (await page.GotoAsync("/api/readers"))!.Status);
    }

    [ChromiumFact]
    public async Task Re_identification_needs_a_reason_and_then_shows_in_the_dpos_audit_view()
    {
        var pupil = Central.Roster[0];
        var pseudonym = Central.Pseudonym(pupil, ReaderType.Gate);
        var adminPassword = await Central.AccountAsync("sam", StaffRole.SchoolAdmin, pupil.School);
        var dpoPassword = await Central.AccountAsync("dora", StaffRole.Dpo);
        var operatorPassword = await Central.AccountAsync("olga", StaffRole.Operator);

        var admin = await Browser.NewPageAsync(Central.Url);
        await AdminBrowser.SignInAsync(admin, "sam", adminPassword);
        await admin.GotoAsync("/Passages");
        // The school's gate passages (8 at its site, the demo-like seed), each with its place; no notice about missing sites.
        Assert.Equal(8, await admin.GetByTestId("passages").Locator("tbody tr").CountAsync());
        Assert.Equal(0, await admin.GetByTestId("no-site").CountAsync());
        await AdminBrowser.ScreenshotAsync(admin, "06-passages-school-admin");
        var tablet = await Browser.NewPageAsync(Central.Url, width: 768, height: 1024);
        await AdminBrowser.SignInAsync(tablet, "sam", adminPassword);
        await tablet.GotoAsync("/Passages?Decision=deny");
        await AdminBrowser.ScreenshotAsync(tablet, "07-passages-tablet");

        await admin.GotoAsync("/Reidentification");
        await admin.GetByLabel("Pseudonym").FillAsync(pseudonym);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Re-identify" }).ClickAsync();
        Assert.Contains("State the reason", await admin.GetByTestId("reidentify-error").TextContentAsync());
        Assert.Equal(0, await admin.GetByTestId("reidentified").CountAsync());
        await AdminBrowser.ScreenshotAsync(admin, "08-reidentify-without-reason");

        const string reason = "Guardian asked whether the pupil arrived this morning";
        await admin.GetByLabel("Pseudonym").FillAsync(pseudonym);
        await admin.GetByLabel("Reason").FillAsync(reason);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Re-identify" }).ClickAsync();
        var shown = await admin.GetByTestId("reidentified").TextContentAsync();
        Assert.Contains(pupil.FamilyName, shown);
        Assert.Contains(pupil.StudentNumber, shown);
        await AdminBrowser.ScreenshotAsync(admin, "09-reidentified");

        var dpo = await Browser.NewPageAsync(Central.Url);
        await AdminBrowser.SignInAsync(dpo, "dora", dpoPassword);
        await dpo.GotoAsync("/Audit");
        Assert.Contains("Audit log intact", await dpo.GetByTestId("verification").TextContentAsync());
        var row = dpo.GetByTestId("audit").Locator("tr", new() { HasText = "identity.reidentify" });
        Assert.Equal(1, await row.CountAsync());
        var entry = await row.TextContentAsync();
        Assert.Contains("sam", entry);
        Assert.Contains($"gate:{pseudonym}", entry);
        Assert.Contains(reason, entry);
        Assert.DoesNotContain(pupil.FamilyName, await dpo.ContentAsync());
        await AdminBrowser.ScreenshotAsync(dpo, "10-audit-dpo");

        var operatorPage = await Browser.NewPageAsync(Central.Url);
        await AdminBrowser.SignInAsync(operatorPage, "olga", operatorPassword);
        await operatorPage.GotoAsync("/Readers");
        Assert.Contains("library-1", await operatorPage.GetByTestId("readers").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(operatorPage, "11-readers-operator");
    }
}
