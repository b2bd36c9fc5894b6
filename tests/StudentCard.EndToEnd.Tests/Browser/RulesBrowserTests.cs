using Microsoft.Playwright;
using StudentCard.Central.Staff;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The access rules page in real Chromium at phone width without script: a school admin previews a class's gate rule,
/// saves it with a reason, withholds a pupil by student number and deletes the rule; a librarian sees only library rules.
/// </summary>
public sealed class RulesBrowserTests : BrowserTest
{
    [ChromiumFact]
    public async Task A_school_admin_previews_saves_names_a_pupil_and_deletes_a_gate_rule_at_phone_width_without_script()
    {
        var school = Central.Roster[0].School;
        var pupil = Central.Roster[0];
        var password = await Central.AccountAsync("sam", StaffRole.SchoolAdmin, school);
        var page = await Browser.NewPageAsync(Central.Url, width: 390, height: 844, javaScript: false);
        await AdminBrowser.SignInAsync(page, "sam", password);

        await page.GotoAsync("/Rules");
        Assert.Equal("Access rules: gate", await page.Locator("h1").TextContentAsync());
        var form = page.GetByTestId("rule-form");
        await form.GetByLabel("Name").FillAsync("Homework club");
        await form.GetByLabel("Who").SelectOptionAsync("class");
        await form.GetByLabel("Grade or class").FillAsync(pupil.ClassName);
        await form.GetByLabel("Where").FillAsync("north");
        await form.GetByLabel("First day").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await form.GetByLabel("Last day").FillAsync(DateTime.UtcNow.AddDays(90).ToString("yyyy-MM-dd"));
        await form.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        var preview = await page.GetByTestId("rule-preview").TextContentAsync();
        Assert.Matches(@"^\d+ pupils? gains? gate access at north; 0 lose it\.$", preview);
        await AdminBrowser.ScreenshotAsync(page, "rules-01-preview-phone");
        await page.GetByTestId("rule-form").GetByLabel("Reason").FillAsync("homework club on Wednesdays");
        await page.GetByTestId("rule-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Contains("Homework club", await page.GetByTestId("rules").TextContentAsync());
        Assert.Contains("id=", page.Url);

        var exception = page.GetByTestId("exception-form");
        await exception.GetByLabel("Student number").FillAsync(pupil.StudentNumber);
        await exception.Locator("select[name=Kind]").SelectOptionAsync("withhold");
        await exception.GetByLabel("Reason").FillAsync("goes home at noon");
        await exception.GetByRole(AriaRole.Button, new() { Name = "Name the pupil" }).ClickAsync();
        Assert.Equal($"Pupil {pupil.StudentNumber} is withheld from the rule.", await page.GetByTestId("rules-done").TextContentAsync());
        Assert.Contains(pupil.StudentNumber, await page.GetByTestId("rule-pupils").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "rules-02-rule-phone");

        var delete = page.GetByTestId("delete-form");
        await delete.GetByLabel("Reason").FillAsync("the club ended");
        await delete.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        Assert.DoesNotContain("Homework club", await page.GetByTestId("rules").TextContentAsync());
    }

    [ChromiumFact]
    public async Task A_librarian_sees_only_library_rules_and_is_refused_a_gate_rule()
    {
        var password = await Central.AccountAsync("lin", StaffRole.Librarian, Central.Roster[0].School);
        var page = await Browser.NewPageAsync(Central.Url, width: 390, height: 844, javaScript: false);
        await AdminBrowser.SignInAsync(page, "lin", password);

        await page.GotoAsync("/Rules");
        Assert.Equal("Access rules: library", await page.Locator("h1").TextContentAsync());
        var listed = await page.GetByTestId("rules").TextContentAsync();
        Assert.Contains("library", listed);
        Assert.DoesNotContain("gate", listed);
        Assert.Equal(0, await page.GetByTestId("rule-form").GetByLabel("Where").CountAsync());
    }
}
