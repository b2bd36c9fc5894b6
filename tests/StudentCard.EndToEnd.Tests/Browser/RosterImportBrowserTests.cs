using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StudentCard.Central.Admin.Pages.Roster;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Central.Vault;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The roster import page in real Chromium: a users.csv with bad rows lists each with file, line,
/// column and reason, offers no commit and leaves the vault as it was; the corrected file previews
/// cleanly and its commit imports the pupils and deletes the held upload.
/// </summary>
public sealed class RosterImportBrowserTests : BrowserTest
{
    private const string Header = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";

    [ChromiumFact]
    public async Task A_roster_with_bad_rows_lists_them_and_imports_nothing_and_the_corrected_one_commits()
    {
        var password = await Central.AccountAsync("otto", StaffRole.Operator);
        var page = await Browser.NewPageAsync(Central.Url);
        await AdminBrowser.SignInAsync(page, "otto", password);
        await page.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Roster import" }).ClickAsync();
        var before = await StudentsAsync();

        string[] good = [Pupil("stu-900001", "Ravensel", "Tumbridow", "S900001"), Pupil("stu-900002", "Oskelina", "Marvuth", "S900002"), Pupil("stu-900003", "Belqo", "Strenwick", "S900003")];
        string[] bad = [Pupil("stu-900004", "Ulvane", "Dorquist", "S900004", role: "wizard"), Pupil("stu-900005", "", "Pellatry", "S900005")];
        await UploadAsync(page, [.. good, .. bad]);

        Assert.Equal("2", await page.GetByTestId("count-errors").TextContentAsync());
        var errors = await page.GetByTestId("roster-errors").Locator("tbody tr").AllTextContentsAsync();
        Assert.Equal(2, errors.Count);
        // Cells in order: file, line (header is line 1), column, reason.
        Assert.StartsWith("users.csv5role", errors[0]);
        Assert.StartsWith("users.csv6givenName", errors[1]);
        Assert.All(errors, e => Assert.DoesNotContain("Dorquist", e));
        Assert.Equal(0, await page.GetByTestId("roster-commit").CountAsync());
        await AdminBrowser.ScreenshotAsync(page, "22-roster-import-bad-rows");
        Assert.Equal(before, await StudentsAsync());

        await UploadAsync(page, good);
        Assert.Equal(("3", "0"), (await page.GetByTestId("count-new").TextContentAsync(), await page.GetByTestId("count-errors").TextContentAsync()));
        await AdminBrowser.ScreenshotAsync(page, "23-roster-import-preview");
        Assert.Equal(before, await StudentsAsync());
        var uploadId = await page.Locator("input[name=UploadId]").InputValueAsync();
        Assert.True(Central.App.Services.GetRequiredService<RosterUploads>().Holds(uploadId));

        await page.GetByTestId("roster-commit").ClickAsync();
        Assert.Equal("The roster was imported.", await page.GetByTestId("roster-imported").TextContentAsync());
        Assert.Equal([.. before, "S900001", "S900002", "S900003"], (await StudentsAsync()).Order(StringComparer.Ordinal).ToList());
        Assert.False(Central.App.Services.GetRequiredService<RosterUploads>().Holds(uploadId));
    }

    private static string Pupil(string sourcedId, string givenName, string familyName, string number, string role = "student") =>
        $"{sourcedId},active,2026-09-01T00:00:00Z,true,org-north,{role},{sourcedId},,{givenName},{familyName},,{number},,,,,05,";

    private static async Task UploadAsync(IPage page, string[] rows)
    {
        var csv = string.Join("\r\n", [Header, .. rows]) + "\r\n";
        await page.GetByLabel("Roster file (.zip or users.csv)").SetInputFilesAsync(new FilePayload { Name = "users.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
    }

    private async Task<List<string>> StudentsAsync()
    {
        await using var vault = await Central.App.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        return (await vault.Students.Select(s => s.StudentNumber).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }
}
