using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using StudentCard.Central.Staff;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The roster page's script in real Chromium: a 3000-row users.csv fills the upload bar to 100 %, the import bar follows
/// the read steps up to every row, and the preview appears. The bars' changes are recorded by an observer the test adds
/// to each page (kept in session storage across the page change), so the product carries no test hook.
/// </summary>
public sealed class RosterProgressBrowserTests : BrowserTest
{
    private const int Pupils = 3000;
    private const string Header = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";

    private const string RecordBars = """
        (() => {
            const record = () => {
                const log = JSON.parse(sessionStorage.getItem('bars') || '[]');
                for (const bar of document.querySelectorAll('progress')) {
                    log.push({ id: bar.id, value: bar.value, max: bar.max });
                }
                sessionStorage.setItem('bars', JSON.stringify(log));
            };
            new MutationObserver(record).observe(document, { subtree: true, attributes: true, attributeFilter: ['value', 'max'] });
        })();
        """;

    [ChromiumFact]
    public async Task A_large_upload_fills_the_upload_bar_then_follows_the_import_and_shows_the_preview()
    {
        var password = await Central.AccountAsync("otto", StaffRole.Operator);
        var page = await Browser.NewPageAsync(Central.Url);
        await page.AddInitScriptAsync(RecordBars);
        await AdminBrowser.SignInAsync(page, "otto", password);
        await page.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Roster import" }).ClickAsync();

        await page.GetByLabel("Roster file (.zip or users.csv)").SetInputFilesAsync(new FilePayload { Name = "users.csv", MimeType = "text/csv", Buffer = UsersCsv() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        Assert.Equal(Pupils.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetByTestId("count-new").TextContentAsync());
        Assert.Equal("0", await page.GetByTestId("count-errors").TextContentAsync());
        Assert.Equal(1, await page.GetByTestId("roster-commit").CountAsync());
        await AdminBrowser.ScreenshotAsync(page, "24-roster-progress-preview");

        var bars = JsonSerializer.Deserialize<List<Bar>>(await page.EvaluateAsync<string>("() => sessionStorage.getItem('bars') || '[]'"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var upload = bars.Where(b => b.Id == "upload-progress" && b.Max > 1).ToList();
        Assert.NotEmpty(upload);
        Assert.Equal(upload[^1].Max, upload[^1].Value);
        var read = bars.Where(b => b.Id == "import-progress" && b.Max == Pupils).Select(b => b.Value).Distinct().ToList();
        // The bar rose through the read steps (every 250 rows) to the whole file.
        Assert.True(read.Count >= 2, $"The import bar showed {read.Count} read steps.");
        Assert.Equal(read.Order(), read);
        Assert.Equal(Pupils, read[^1]);
    }

    private static byte[] UsersCsv()
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        for (var i = 1; i <= Pupils; i++)
        {
            var id = $"stu-{800000 + i}";
            csv.Append($"{id},active,2026-09-01T00:00:00Z,true,org-north,student,{id},,Pupil{i:D4},Synthetic,,S{800000 + i},,,,,05,\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private sealed record Bar(string Id, double Value, double Max);
}
