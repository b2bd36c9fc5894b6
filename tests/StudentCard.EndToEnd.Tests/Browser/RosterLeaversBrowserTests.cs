using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Staff;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// Leavers on the roster page in real Chromium, at phone width: a full export without a pupil previews them as leaving
/// with the day their card is revoked, and commits; one that would empty a school asks for the confirmation, is
/// refused without it (nothing changes), and commits with it.
/// </summary>
public sealed class RosterLeaversBrowserTests : BrowserTest
{
    private const string Header = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";

    private static readonly string[] Pupils =
    [
        Pupil("stu-800001", "Ravensel", "Tumbridow", "L800001"), Pupil("stu-800002", "Oskelina", "Marvuth", "L800002"),
        Pupil("stu-800003", "Belqo", "Strenwick", "L800003"), Pupil("stu-800004", "Ulvane", "Dorquist", "L800004"),
        Pupil("stu-800005", "Pellatry", "Quennow", "L800005"), Pupil("stu-800006", "Sarvet", "Ildrake", "L800006"),
    ];

    [ChromiumFact]
    public async Task A_full_export_previews_its_leavers_and_their_cards_and_a_school_emptied_waits_for_confirmation()
    {
        var password = await Central.AccountAsync("otto", StaffRole.Operator);
        var page = await Browser.NewPageAsync(Central.Url, width: 390, height: 844);
        await AdminBrowser.SignInAsync(page, "otto", password);
        await page.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Roster import" }).ClickAsync();
        await UploadAsync(page, Pupils, full: false);
        Assert.Equal("Partial export: pupils it does not list are left as they are.", await page.GetByTestId("roster-export-kind").TextContentAsync());
        await page.GetByTestId("roster-commit").ClickAsync();
        Assert.Equal("The roster was imported.", await page.GetByTestId("roster-imported").TextContentAsync());
        var card = new CardToken(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        await Central.App.Services.GetRequiredService<EnrollmentService>().ReissueCardAsync("L800002", card);

        var earliest = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14));
        await UploadAsync(page, [.. Pupils.Where(p => !p.StartsWith("stu-800002,", StringComparison.Ordinal))], full: true);

        Assert.Equal(("1", "0"), (await page.GetByTestId("count-absent").TextContentAsync(), await page.GetByTestId("count-deactivated").TextContentAsync()));
        var school = await page.GetByTestId("leavers-school").TextContentAsync();
        Assert.Contains("org-leavers: 1 of 6 active pupils leave.", school);
        var cards = (await page.GetByTestId("leavers-cards").TextContentAsync())!;
        var latest = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14));
        Assert.True(cards.StartsWith($"1 card will be revoked on {earliest:yyyy-MM-dd} (UTC)", StringComparison.Ordinal)
            || cards.StartsWith($"1 card will be revoked on {latest:yyyy-MM-dd} (UTC)", StringComparison.Ordinal), cards);
        Assert.Equal(0, await page.GetByTestId("confirm-leavers").CountAsync());
        await AdminBrowser.ScreenshotAsync(page, "25-roster-full-export-leavers-phone");
        Assert.Null(await DeactivatedAtAsync("L800002"));

        await page.GetByTestId("roster-commit").ClickAsync();
        Assert.Equal("The roster was imported.", await page.GetByTestId("roster-imported").TextContentAsync());
        Assert.NotNull(await DeactivatedAtAsync("L800002"));
        Assert.Equal(CardStatus.Issued, await CardStatusAsync(card));

        // Only one pupil of the school left in the export: four more would go, past the 20% a school may lose unasked.
        await UploadAsync(page, [Pupils[0]], full: true);
        Assert.Contains("org-leavers: 4 of 5 active pupils leave.", await page.GetByTestId("leavers-school").TextContentAsync());
        Assert.Contains("More pupils would leave than 20%", await page.GetByTestId("leavers-past-share").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "26-roster-leavers-confirmation-phone");
        var before = await ActiveAsync();

        // The browser holds the form back until the box is ticked; a post without it is refused by Central too.
        await page.GetByTestId("roster-commit").ClickAsync();
        Assert.Equal(1, await page.GetByTestId("roster-commit").CountAsync());
        await page.GetByTestId("confirm-leavers").EvaluateAsync("box => box.required = false");
        await page.GetByTestId("roster-commit").ClickAsync();
        await Assertions.Expect(page.Locator("#progress-error")).ToContainTextAsync(
            "Nothing was imported: 4 of the 5 active pupils of org-leavers would leave, more than the 20% a full export may take unconfirmed.");
        Assert.Equal(before, await ActiveAsync());

        await UploadAsync(page, [Pupils[0]], full: true);
        await page.GetByTestId("confirm-leavers").CheckAsync();
        await page.GetByTestId("roster-commit").ClickAsync();
        Assert.Equal("The roster was imported.", await page.GetByTestId("roster-imported").TextContentAsync());
        Assert.Equal(before.Where(n => !n.StartsWith('L') || n == "L800001"), await ActiveAsync());
    }

    private static string Pupil(string sourcedId, string givenName, string familyName, string number) =>
        $"{sourcedId},active,2026-09-01T00:00:00Z,true,org-leavers,student,{sourcedId},,{givenName},{familyName},,{number},,,,,05,";

    private static async Task UploadAsync(IPage page, string[] rows, bool full)
    {
        var csv = string.Join("\r\n", [Header, .. rows]) + "\r\n";
        await page.GetByLabel("Roster file (.zip or users.csv)").SetInputFilesAsync(new FilePayload { Name = "users.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByTestId("full-export").SetCheckedAsync(full);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await page.GetByTestId("roster-export-kind").WaitForAsync();
    }

    private async Task<DateTimeOffset?> DeactivatedAtAsync(string studentNumber)
    {
        await using var vault = await Vault();
        return await vault.Students.Where(s => s.StudentNumber == studentNumber).Select(s => s.DeactivatedAt).SingleAsync();
    }

    private async Task<CardStatus> CardStatusAsync(CardToken token)
    {
        await using var vault = await Vault();
        return await vault.Cards.Where(c => c.CardToken == token.Value).Select(c => c.Status).SingleAsync();
    }

    private async Task<List<string>> ActiveAsync()
    {
        await using var vault = await Vault();
        return (await vault.Students.Where(s => s.DeactivatedAt == null).Select(s => s.StudentNumber).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }

    private Task<VaultDbContext> Vault() => Central.App.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
}
