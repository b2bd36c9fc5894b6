using Microsoft.Playwright;
using StudentCard.Central.Admin;
using StudentCard.Central.Passages;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Staff;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The DPO's breach register in real Chromium at phone width: a gate reader is stolen and revoked; the DPO records the
/// breach, has StudentCard propose the pupils whose passages it recorded or was relayed from its zone, confirms them,
/// sees the authority's 72 hours flagged overdue once the scenario's clock is past them, records the late notification
/// with the reasons for the delay, and finds every step on the audit page.
/// </summary>
public sealed class BreachRegisterBrowserTests : IAsyncLifetime
{
    private const string Site = "north";

    // Tuesday 8 December 2026, 09:00 in Paris (UTC+1 in winter).
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 12, 8, 9, 0, 0, TimeSpan.FromHours(1));

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-breach-").FullName;
    private readonly ShiftedClock _clock = new(TuesdayMorning);
    private LocalSystem _system = null!;
    private AdminBrowser? _browser;

    public async Task InitializeAsync()
    {
        _system = await LocalSystem.StartAsync(new LocalSystemOptions
        {
            DataDirectory = _directory,
            StudentCount = 6,
            ReaderIds = [],
            Site = Site,
            GateZone = "main",
            Clock = _clock,
            AccessSettings = new Dictionary<string, string?>
            {
                ["Access:Sites:0:Name"] = Site,
                ["Access:Sites:0:TimeZone"] = "Europe/Paris",
                ["Access:Sites:0:School"] = SyntheticRoster.Generate(6)[0].School,
                ["Access:Zones:0:Site"] = Site,
                ["Access:Zones:0:Zone"] = "main",
                ["Access:Routes:0:Name"] = SyntheticEnrollment.Route,
                ["Access:Routes:1:Name"] = SyntheticEnrollment.OtherRoute,
            },
        });
        _browser = await AdminBrowser.LaunchWhenRequiredAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        await _system.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string Url => _system.CentralService<AdminEndpoint>().Url;

    [ChromiumFact]
    public async Task The_dpo_records_a_stolen_readers_breach_confirms_the_pupils_it_proposes_and_notifies_the_authority_late_with_reasons()
    {
        var pupils = _system.Students;
        await _system.RegisterReaderAsync("gate-in", ReaderType.Gate);
        await _system.RegisterReaderAsync("gate-out", ReaderType.Gate);
        // Recorded by the stolen reader; let out at the other reader of its zone (relayed to it); refused there (never relayed).
        await IngestAsync("gate-in", pupils[0], "allow", "in", TimeSpan.FromMinutes(40));
        await IngestAsync("gate-out", pupils[1], "allow", "out", TimeSpan.FromMinutes(30));
        await IngestAsync("gate-out", pupils[2], "deny", "in", TimeSpan.FromMinutes(20));
        await _system.CentralService<ReaderRegistry>().RevokeAsync("gate-in");
        var password = await BrowserCentral.AccountAsync(_system.Central, "dana", StaffRole.Dpo);

        var page = await _browser!.NewPageAsync(Url, width: 390, height: 844);
        await AdminBrowser.SignInAsync(page, "dana", password);
        await page.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Breaches" }).ClickAsync();
        await page.GetByLabel("What happened").FillAsync("Gate reader gate-in stolen from the north entrance overnight");
        await page.GetByLabel("When it happened (if known)").FillAsync("2026-12-08T07:30");
        await page.GetByLabel("When it was found").FillAsync("2026-12-08T08:45");
        await page.GetByLabel("Categories of personal data").FillAsync("gate passages: pseudonym, time, direction, reader");
        await page.GetByLabel("Approximate number of pupils").FillAsync("40");
        await page.GetByLabel("Approximate number of records").FillAsync("300");
        await page.GetByLabel("Likely consequences for the pupils").FillAsync("who entered the north site and when could be read with the stolen keys");
        await page.GetByLabel("Measures taken or proposed").FillAsync("reader revoked; gate keys to be rotated");
        await page.GetByLabel("Risk to the pupils").SelectOptionAsync("risk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record breach" }).ClickAsync();
        Assert.Equal("Breach 1 recorded.", await page.GetByTestId("breach-message").TextContentAsync());
        Assert.Contains("due 2026-12-11 08:45 +01:00", await page.GetByTestId("authority").TextContentAsync());

        await page.GetByLabel("Reader id").FillAsync("gate-in");
        await page.GetByLabel("In the wrong hands since").FillAsync("2026-12-08T07:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose pupils" }).First.ClickAsync();
        Assert.StartsWith("2 pupils proposed from 2 passages recorded by reader gate-in or relayed to it from zone north/main",
            await page.GetByTestId("breach-message").TextContentAsync());
        var proposed = page.GetByTestId("proposed");
        Assert.Equal(1, await proposed.GetByTestId($"proposed-{pupils[0].StudentNumber}").CountAsync());
        Assert.Equal(1, await proposed.GetByTestId($"proposed-{pupils[1].StudentNumber}").CountAsync());
        Assert.Equal(0, await proposed.GetByTestId($"proposed-{pupils[2].StudentNumber}").CountAsync());
        Assert.DoesNotContain(pupils[0].FamilyName, await page.ContentAsync(), StringComparison.Ordinal);
        await AdminBrowser.ScreenshotAsync(page, "60-breach-proposed-pupils-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm pupils" }).ClickAsync();
        Assert.Equal("2 pupils attached to breach 1.", await page.GetByTestId("breach-message").TextContentAsync());
        Assert.Equal(1, await page.GetByTestId($"attached-{pupils[0].StudentNumber}").CountAsync());
        Assert.Equal(1, await page.GetByTestId($"attached-{pupils[1].StudentNumber}").CountAsync());
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the breach page fits a 390 px wide phone");

        // Three days later, past the 72 hours: a new sign-in (the session has long expired), the deadline flagged overdue.
        _clock.SetTo(new DateTimeOffset(2026, 12, 11, 10, 0, 0, TimeSpan.FromHours(1)));
        await AdminBrowser.SignInAsync(page, "dana", password);
        await page.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Breaches" }).ClickAsync();
        Assert.Contains("notification overdue", await page.GetByTestId("breach-1").TextContentAsync());
        Assert.Contains("overdue by 2 hours", await page.GetByTestId("authority-1").TextContentAsync());
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the register fits a 390 px wide phone");
        await page.GetByRole(AriaRole.Link, new() { Name = "Breach 1" }).ClickAsync();
        Assert.Equal(1, await page.GetByTestId("overdue").CountAsync());
        await AdminBrowser.ScreenshotAsync(page, "61-breach-overdue-phone");

        var notify = page.GetByTestId("notify-form");
        await notify.GetByLabel("Case number or how it was sent").FillAsync("online form, case 2026-114");
        await notify.GetByRole(AriaRole.Button, new() { Name = "Record notification" }).ClickAsync();
        Assert.Contains("give the reasons for the delay", await page.GetByTestId("breach-error").TextContentAsync());
        notify = page.GetByTestId("notify-form");
        await notify.GetByLabel("Case number or how it was sent").FillAsync("online form, case 2026-114");
        await notify.GetByLabel("Reasons for the delay (after 72 hours)").FillAsync("the reader's loss was confirmed by the supplier only this morning");
        await notify.GetByRole(AriaRole.Button, new() { Name = "Record notification" }).ClickAsync();
        Assert.Equal("Breach 1: the authority's notification is recorded.", await page.GetByTestId("breach-message").TextContentAsync());
        var authority = await page.GetByTestId("authority").TextContentAsync();
        Assert.StartsWith("notified 2026-12-11 10:0", authority);
        Assert.Contains("(online form, case 2026-114), 2 hours after the deadline of 2026-12-11 08:45 +01:00", authority);
        Assert.Equal(0, await page.GetByTestId("overdue").CountAsync());

        await page.GotoAsync("/Audit");
        var audit = await page.GetByTestId("audit").TextContentAsync();
        foreach (var action in new[] { "breach.record", "breach.propose-pupils", "breach.confirm-pupils", "breach.notify-authority" })
        {
            Assert.Contains(action, audit);
        }
        Assert.Contains("breach 1", audit);
        Assert.Contains("the reader's loss was confirmed by the supplier only this morning", audit);
        Assert.DoesNotContain(pupils[0].StudentNumber, audit, StringComparison.Ordinal);
        await AdminBrowser.ScreenshotAsync(page, "62-breach-audit-phone");
    }

    private async Task IngestAsync(string readerId, SyntheticStudent pupil, string decision, string direction, TimeSpan ago)
    {
        var at = _clock.GetUtcNow() - ago;
        var pseudonym = PseudonymDeriver.Pseudonym(new CardUid(pupil.CardUid), ReaderType.Gate, _system.Keys.Site, _system.Keys.Current(ReaderType.Gate));
        var passage = new PassageMessage(Guid.CreateVersion7(at), readerId, "gate", pseudonym.Value, pseudonym.KeyVersion, at, decision,
            decision == "allow" ? "none" : "outside_schedule", direction);
        var stored = await _system.CentralService<PassageIngest>().IngestAsync(ReaderType.Gate, readerId, MessageJson.Serialize(new PassageBatch([passage])), CancellationToken.None);
        Assert.Single(stored);
    }
}
