using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StudentCard.Central.Passages;
using StudentCard.Central.Staff;
using StudentCard.Core;
using StudentCard.Core.Messaging;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The pupils page in real Chromium at phone width: a school admin finds a pupil of their school by name with a reason,
/// opens them and reads their rights, cards and recent gate refusal in the site's time zone, with nothing wider than the screen.
/// </summary>
public sealed class PupilsBrowserTests : BrowserTest
{
    [ChromiumFact]
    public async Task A_school_admin_finds_a_pupil_by_name_and_reads_rights_cards_and_refusals_on_a_phone()
    {
        var pupil = Central.Roster[0];
        var school = pupil.School;
        // The seeded passage of this pupil at the school's gate was allowed; a refusal arrives from the same reader.
        var refusal = new PassageMessage(Guid.CreateVersion7(), "gate-1", "gate", Central.Pseudonym(pupil, ReaderType.Gate), 1, DateTimeOffset.UtcNow.AddMinutes(-5),
            "deny", "outside_schedule", "In", $"{BrowserCentral.Site}/main");
        await Central.App.Services.GetRequiredService<PassageIngest>().IngestAsync(ReaderType.Gate, "gate-1", MessageJson.Serialize(new PassageBatch([refusal])), CancellationToken.None);
        var password = await Central.AccountAsync("sam", StaffRole.SchoolAdmin, school);
        var page = await Browser.NewPageAsync(Central.Url, width: 390, height: 844);
        await AdminBrowser.SignInAsync(page, "sam", password);
        await page.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Pupils" }).ClickAsync();

        await page.GetByLabel("Name or student number").FillAsync(pupil.FamilyName);
        await page.GetByLabel("Reason").FillAsync("Guardian asks why the gate refused the card");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        var match = page.GetByTestId("pupil-matches").Locator("tr", new() { HasText = pupil.StudentNumber });
        await match.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        Assert.Equal($"{pupil.GivenName} {pupil.FamilyName}", await page.GetByTestId("pupil-name").TextContentAsync());
        Assert.Contains("Times are in Europe/Paris", await page.Locator("main").TextContentAsync());
        var rights = await page.GetByTestId("pupil-rights").Locator("tbody tr").AllTextContentsAsync();
        Assert.NotEmpty(rights);
        Assert.Contains(rights, r => r.Contains("gate", StringComparison.Ordinal));
        Assert.Contains("Issued", await page.GetByTestId("pupil-cards").TextContentAsync());
        Assert.Contains("outside_schedule", Assert.Single(await page.GetByTestId("pupil-refusals").Locator("tbody tr").AllTextContentsAsync()));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page is wider than the phone");
        await AdminBrowser.ScreenshotAsync(page, "30-pupil-phone");
    }
}
