using Microsoft.Playwright;
using StudentCard.Central.Staff;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The calendar page in real Chromium at phone width and without script: a school admin adds a holiday to their site
/// with a reason, sees it in the site's list and the history under their name, and an overlapping schedule is refused
/// with the reason on the page.
/// </summary>
public sealed class CalendarBrowserTests : BrowserTest
{
    [ChromiumFact]
    public async Task A_school_admin_adds_a_holiday_at_phone_width_without_script_and_it_is_in_the_history()
    {
        var password = await Central.AccountAsync("sam", StaffRole.SchoolAdmin, Central.Roster[0].School);
        var page = await Browser.NewPageAsync(Central.Url, width: 390, height: 844, javaScript: false);
        await AdminBrowser.SignInAsync(page, "sam", password);

        await page.GotoAsync("/Calendar");
        var site = page.Locator($"article[data-site='{BrowserCentral.Site}']");
        Assert.Matches(@"^\w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", (await site.GetByTestId("local-time").TextContentAsync())!.Trim());
        var form = site.GetByTestId("add-closure");
        await form.Locator("summary").ClickAsync();
        await form.GetByLabel("First day").FillAsync("2027-02-15");
        await form.GetByLabel("Last day").FillAsync("2027-02-19");
        await form.GetByLabel("Label").FillAsync("Winter break");
        await form.GetByLabel("Reason").FillAsync("School board decision 12");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add closure" }).ClickAsync();

        Assert.Contains("Saved as calendar version 2", await page.GetByTestId("calendar-outcome").TextContentAsync());
        Assert.Contains("Mon 2027-02-15 – Fri 2027-02-19 Winter break", await page.Locator($"article[data-site='{BrowserCentral.Site}']").GetByTestId("closures").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "30-calendar-phone");

        var schedule = page.GetByTestId("add-schedule");
        await schedule.Locator("summary").ClickAsync();
        await schedule.GetByLabel("Name").FillAsync("boarding");
        await schedule.GetByLabel("Windows").FillAsync("Mon-Thu 18:00-08:00\nTue 07:00-09:00");
        await schedule.GetByLabel("Reason").FillAsync("boarding house opens");
        await schedule.GetByRole(AriaRole.Button, new() { Name = "Add schedule" }).ClickAsync();
        Assert.Equal(
            "Schedule 'boarding': the windows Mon–Thu 18:00–08:00 (next day) and Tue 07:00–09:00 overlap. Nothing was changed.",
            await page.GetByTestId("calendar-error").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "31-calendar-refused");

        await page.GotoAsync("/Calendar/History");
        var latest = page.GetByTestId("calendar-history").Locator("tr[data-version='2']");
        Assert.Contains("sam", await latest.TextContentAsync());
        Assert.Contains("School board decision 12", await latest.TextContentAsync());
        Assert.Equal(2, await page.GetByTestId("calendar-history").Locator("tbody tr").CountAsync());
    }
}
