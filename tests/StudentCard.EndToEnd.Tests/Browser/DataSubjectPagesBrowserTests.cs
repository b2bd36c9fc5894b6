using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Rights;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using StudentCard.Central;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Hosting;
using StudentCard.Central.Passages;
using StudentCard.Central.Staff;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The DPO's data-subject request page in real Chromium: a request opened and verified for a pupil
/// enrolled in all three purposes with passages in each, the export downloaded as JSON with every
/// section, then an erasure through the page after which no database file holds the pupil in any form.
/// </summary>
public sealed class DataSubjectPagesBrowserTests : BrowserTest
{
    [ChromiumFact]
    public async Task The_dpo_downloads_an_export_with_every_section_and_an_erasure_leaves_nothing_of_the_pupil_in_any_database()
    {
        // Names and a number no other synthetic row can contain by chance, so the byte scan for them means something.
        var pupil = SyntheticRoster.Generate(1, seed: 9173)[0] with
        {
            StudentNumber = "S970413", GivenName = "Quelvarin", FamilyName = "Droskumbelt", GuardianName = "Ysmira Droskumbelt",
        };
        var passages = await EnrollWithPassagesAsync(pupil);
        var password = await Central.AccountAsync("dana", StaffRole.Dpo);
        var page = await Browser.NewPageAsync(Central.Url);
        await AdminBrowser.SignInAsync(page, "dana", password);
        await page.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Data-subject requests" }).ClickAsync();

        var access = await OpenAndVerifyAsync(page, pupil.StudentNumber, "Access");
        Assert.Contains("days left", await page.GetByTestId($"request-{access}").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "20-data-subject-requests");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByTestId($"request-{access}").GetByRole(AriaRole.Button, new() { Name = "Download export (JSON)" }).ClickAsync());
        Assert.Equal($"subject-request-{access}.json", download.SuggestedFilename);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync()));

        var root = json.RootElement;
        Assert.Equal(StudentCard.Central.DataSubjects.SubjectExporter.Format, root.GetProperty("format").GetString());
        var identity = root.GetProperty("identity");
        Assert.Equal((pupil.StudentNumber, pupil.GivenName, pupil.FamilyName, pupil.GuardianName),
            (identity.GetProperty("studentNumber").GetString(), identity.GetProperty("givenName").GetString(),
             identity.GetProperty("familyName").GetString(), identity.GetProperty("guardianName").GetString()));
        Assert.Equal("issued", Assert.Single(root.GetProperty("cards").EnumerateArray()).GetProperty("status").GetString());
        var purposes = root.GetProperty("purposes").EnumerateArray().ToDictionary(p => p.GetProperty("purpose").GetString()!);
        Assert.Equal(["gate", "bus", "library"], purposes.Keys);
        foreach (var purpose in ReaderTypes.All)
        {
            var section = purposes[purpose.Name()];
            Assert.NotEqual(JsonValueKind.Null, section.GetProperty("grant").ValueKind);
            Assert.False(string.IsNullOrEmpty(section.GetProperty("legalBasis").GetString()));
            Assert.Equal(Central.Pseudonym(pupil, purpose), Assert.Single(section.GetProperty("pseudonyms").EnumerateArray()).GetProperty("value").GetString());
            Assert.NotEmpty(section.GetProperty("entitlements").EnumerateArray());
            Assert.Equal(passages[purpose], Assert.Single(section.GetProperty("passages").EnumerateArray()).GetProperty("id").GetGuid());
        }
        Assert.Equal(access, Assert.Single(root.GetProperty("requests").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.NotEmpty(root.GetProperty("sources").EnumerateArray());
        Assert.NotEmpty(root.GetProperty("recipients").EnumerateArray());
        Assert.NotEmpty(root.GetProperty("retention").EnumerateArray());

        // Before the erasure the scan finds the pupil where it should, so finding nothing afterwards means something.
        var traces = Traces(pupil).ToList();
        var dataDirectory = Path.GetDirectoryName(Central.App.Services.GetRequiredService<IOptions<CentralOptions>>().Value.VaultDatabasePath)!;
        Assert.Contains("vault.db", string.Join(",", DatabaseBytes.Of(dataDirectory).WhereFound(Encoding.UTF8.GetBytes(pupil.FamilyName))));
        Assert.Contains("central.db", string.Join(",", DatabaseBytes.Of(dataDirectory).WhereFound(Encoding.ASCII.GetBytes(Central.Pseudonym(pupil, ReaderType.Bus)))));

        var erasure = await OpenAndVerifyAsync(page, pupil.StudentNumber, "Erasure");
        var row = page.GetByTestId($"request-{erasure}");
        await row.GetByLabel($"Confirm erasure for request {erasure}").FillAsync("0");
        await row.GetByRole(AriaRole.Button, new() { Name = "Erase" }).ClickAsync();
        Assert.Contains($"Type the request number ({erasure})", await page.GetByTestId("dsr-error").TextContentAsync());
        await using (var vault = await Vault())
        {
            Assert.True(await vault.Students.AnyAsync(s => s.StudentNumber == pupil.StudentNumber));
        }

        row = page.GetByTestId($"request-{erasure}");
        await row.GetByLabel($"Confirm erasure for request {erasure}").FillAsync(erasure.ToString());
        await row.GetByRole(AriaRole.Button, new() { Name = "Erase" }).ClickAsync();
        Assert.Contains("erased", await page.GetByTestId("dsr-message").TextContentAsync());
        Assert.Contains("3 passages", await page.GetByTestId("erasure-result").TextContentAsync());
        Assert.Contains("(pupil erased)", await page.GetByTestId($"request-{erasure}").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "21-data-subject-erased");

        await using (var vault = await Vault())
        {
            Assert.False(await vault.Students.AnyAsync(s => s.StudentNumber == pupil.StudentNumber));
            Assert.True(await vault.Students.AnyAsync(s => s.StudentNumber == Central.Roster[0].StudentNumber));
        }
        var files = DatabaseBytes.Of(dataDirectory);
        Assert.Contains("central.db", files.Names);
        Assert.Contains("vault.db", files.Names);
        foreach (var (form, needle) in traces)
        {
            Assert.True(files.WhereFound(needle).Count == 0, $"{form} is still in {string.Join(", ", files.WhereFound(needle))}");
        }
        // Other pupils' data is still there: the scan can see what it looks for.
        Assert.NotEmpty(files.WhereFound(Encoding.ASCII.GetBytes(Central.Roster[0].StudentNumber)));
        Assert.NotEmpty(files.WhereFound(Encoding.ASCII.GetBytes(Central.Pseudonym(Central.Roster[0], ReaderType.Bus))));
    }

    [ChromiumFact]
    public async Task On_a_tablet_the_dpo_refuses_a_repeated_request_with_its_reason_after_typing_its_number()
    {
        var pupil = Central.Roster[0];
        var password = await Central.AccountAsync("dana", StaffRole.Dpo);
        var page = await Browser.NewPageAsync(Central.Url, width: 768, height: 1024);
        await AdminBrowser.SignInAsync(page, "dana", password);
        await page.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Data-subject requests" }).ClickAsync();
        var id = await OpenAsync(page, pupil.StudentNumber, "Access");

        var card = page.GetByTestId($"request-{id}");
        await card.GetByText("Refuse (repeated or manifestly unfounded)").ClickAsync();
        await card.GetByLabel("Reason told to the person").FillAsync("the same copy was sent last week (repeated)");
        await card.GetByLabel($"Confirm refusal of request {id}").FillAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AdminBrowser.ScreenshotAsync(page, "22-data-subject-refusal-form-tablet");
        await card.GetByRole(AriaRole.Button, new() { Name = "Refuse request" }).ClickAsync();

        Assert.Contains($"Request {id} refused", await page.GetByTestId("dsr-message").TextContentAsync());
        Assert.Contains("the same copy was sent last week (repeated)", await page.GetByTestId($"refusal-{id}").TextContentAsync());
        Assert.Equal(0, await page.GetByTestId($"request-{id}").GetByRole(AriaRole.Button).CountAsync());
        Assert.Contains("never verified", await page.GetByTestId($"verification-{id}").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "23-data-subject-refused-tablet");
        await using var vault = await Vault();
        var stored = await vault.SubjectRequests.SingleAsync(r => r.Id == id);
        Assert.Equal((StudentCard.Central.Vault.RequestStatus.Refused, "the same copy was sent last week (repeated)"), (stored.Status, stored.RefusalReason));
    }

    private static async Task<long> OpenAsync(IPage page, string studentNumber, string kind)
    {
        await page.GetByLabel("Student number").FillAsync(studentNumber);
        await page.GetByLabel("Right exercised").SelectOptionAsync(new SelectOptionValue { Label = kind });
        await page.GetByLabel("Requester").SelectOptionAsync(new SelectOptionValue { Label = "Guardian" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Open request" }).ClickAsync();
        var message = await page.GetByTestId("dsr-message").TextContentAsync();
        Assert.Contains("due", message);
        return long.Parse(message!.Split(' ')[1].TrimEnd(' '), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> OpenAndVerifyAsync(IPage page, string studentNumber, string kind)
    {
        var id = await OpenAsync(page, studentNumber, kind);
        var row = page.GetByTestId($"request-{id}");
        await row.GetByLabel($"Verification method for request {id}").FillAsync("guardian's ID card seen at the school office");
        await row.GetByRole(AriaRole.Button, new() { Name = "Record verification" }).ClickAsync();
        Assert.Contains("verified", await page.GetByTestId($"request-{id}").TextContentAsync());
        return id;
    }

    /// <summary>Enrolls the pupil for all three purposes and stores one passage per purpose through the real ingest.</summary>
    private async Task<Dictionary<ReaderType, Guid>> EnrollWithPassagesAsync(SyntheticStudent pupil)
    {
        var now = DateTimeOffset.UtcNow;
        var grants = ReaderTypes.All.Select(p => new PurposeGrant(p, now.AddDays(-30), now.AddDays(300))).ToList();
        var student = new NewStudent(pupil.StudentNumber, pupil.GivenName, pupil.FamilyName, pupil.School, pupil.ClassName, pupil.BirthYear, pupil.GuardianName);
        await Central.App.Services.GetRequiredService<EnrollmentService>().EnrollAsync(student, Token(pupil));
        await Central.App.Services.GetRequiredService<RuleService>().GivePupilsAsync(
            SyntheticEnrollment.Office, [.. grants.Select(g => new PupilRight(pupil.StudentNumber, g))], "rights at enrollment");
        var ingest = Central.App.Services.GetRequiredService<PassageIngest>();
        var ids = new Dictionary<ReaderType, Guid>();
        foreach (var purpose in ReaderTypes.All)
        {
            var readerId = $"{purpose.Name()}-1";
            var passage = new PassageMessage(Guid.CreateVersion7(), readerId, purpose.Name(), Central.Pseudonym(pupil, purpose), 1, now.AddMinutes(-5),
                "allow", "none", purpose == ReaderType.Gate ? "In" : "None");
            await ingest.IngestAsync(purpose, readerId, MessageJson.Serialize(new PassageBatch([passage])), CancellationToken.None);
            ids[purpose] = passage.Id;
        }
        return ids;
    }

    private CardToken Token(SyntheticStudent pupil) => PseudonymDeriver.CardToken(new CardUid(pupil.CardUid), Central.Keys.Site);

    /// <summary>Every byte form of the pupil that must not survive the erasure.</summary>
    private IEnumerable<(string Form, byte[] Bytes)> Traces(SyntheticStudent pupil)
    {
        foreach (var purpose in ReaderTypes.All)
        {
            foreach (var (form, bytes) in DatabaseBytes.Forms(Central.Pseudonym(pupil, purpose)))
            {
                yield return ($"{purpose.Name()} pseudonym {form}", bytes);
            }
        }
        foreach (var (form, bytes) in DatabaseBytes.Forms(Token(pupil).Value))
        {
            yield return ($"card token {form}", bytes);
        }
        yield return ("given name", Encoding.UTF8.GetBytes(pupil.GivenName));
        yield return ("family name", Encoding.UTF8.GetBytes(pupil.FamilyName));
        yield return ("guardian name", Encoding.UTF8.GetBytes(pupil.GuardianName));
        yield return ("student number", Encoding.UTF8.GetBytes(pupil.StudentNumber));
    }

    private Task<VaultDbContext> Vault() =>
        Central.App.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
}
