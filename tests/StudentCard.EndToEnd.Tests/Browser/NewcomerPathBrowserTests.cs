using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StudentCard.Central.Admin;
using StudentCard.Central.Passages;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Core.Synthetic;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Reader;
using StudentCard.FirmwareSim;
using StudentCard.Local;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// A newcomer's whole path through the product's own pages and boards, in real Chromium: the operator imports the roster
/// that brings the pupil in class 5B; the school admin writes a weekday schedule on the calendar page and a class rule
/// for the gate with it, whose preview shows the pupil gaining access; the card bound at the enrollment desk shows green
/// there; on the site's Monday morning the gate lets the card in and on Saturday refuses it for the schedule; a full
/// export without the pupil makes them leave, and once the grace is over the card is revoked and the gate refuses it.
/// The clock is the scenario's, for Central and the gate alike; the timings seen are written out, never asserted.
/// </summary>
public sealed class NewcomerPathBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Site = "north";
    private const string Schedule = "school-day";

    // Monday 7 December 2026, 07:30 in Paris (UTC+1 in winter).
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 7, 30, 0, TimeSpan.FromHours(1));

    private static readonly SyntheticStudent Newcomer = SyntheticRoster.Generate(1, seed: 5150)[0] with { ClassName = "5B" };

    // Another pupil of the same school, in another class: the second export lists them and not the newcomer.
    private static readonly SyntheticStudent Classmate = SyntheticRoster.Generate(2, seed: 5150)[1] with { School = Newcomer.School, ClassName = "6A" };

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-newcomer-").FullName;
    private readonly ShiftedClock _clock = new(MondayMorning);
    private LocalSystem _system = null!;
    private AdminBrowser? _browser;

    public async Task InitializeAsync()
    {
        _system = await LocalSystem.StartAsync(new LocalSystemOptions
        {
            DataDirectory = _directory,
            StudentCount = 0,
            Enrollment = null,
            Rules = null,
            // The gate starts once the school has a card with rights: an agent starts only on a list holding at least one.
            ReaderIds = [],
            DeskIds = ["desk-1"],
            Site = Site,
            GateZone = "main",
            Clock = _clock,
            AccessSettings = new Dictionary<string, string?>
            {
                ["Access:Sites:0:Name"] = Site,
                ["Access:Sites:0:School"] = Newcomer.School,
                ["Access:Sites:0:TimeZone"] = "Europe/Paris",
                ["Access:Zones:0:Site"] = Site,
                ["Access:Zones:0:Zone"] = "main",
                ["Access:Zones:0:AntiPassback"] = "Off",
                // The scenario's clock jumps days ahead: the gate's list stays one to decide with meanwhile.
                ["Access:MaxListAgeHours"] = "720",
            },
            CentralSettings = new Dictionary<string, string?> { ["Rosters:LeaverGraceDays"] = "1" },
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

    private string GatePseudonym => PseudonymDeriver.Pseudonym(new CardUid(Newcomer.CardUid), ReaderType.Gate, _system.Keys.Site, _system.Keys.Current(ReaderType.Gate)).Value;

    [ChromiumFact]
    public async Task A_newcomer_imported_given_a_rule_and_a_card_passes_the_gate_on_school_days_only_until_they_leave()
    {
        var operatorPassword = await BrowserCentral.AccountAsync(_system.Central, "otto", StaffRole.Operator);
        var adminPassword = await BrowserCentral.AccountAsync(_system.Central, "sam", StaffRole.SchoolAdmin, Newcomer.School);
        var roster = SyntheticOneRoster.Of([Newcomer, Classmate]);

        // The operator imports the export that brings the newcomer.
        var operatorPage = await SignedInAsync("otto", operatorPassword);
        await operatorPage.GetByLabel("Main").GetByRole(AriaRole.Link, new() { Name = "Roster import" }).ClickAsync();
        var importing = Stopwatch.StartNew();
        await ImportAsync(operatorPage, roster.Keeping(n => n == Newcomer.StudentNumber[1..]), full: false);
        output.WriteLine($"Roster import with the newcomer, upload to committed: {importing.ElapsedMilliseconds} ms");

        // The school admin writes the school day on the calendar page and the class rule with it on the rules page.
        var page = await SignedInAsync("sam", adminPassword);
        await page.GotoAsync("/Calendar");
        var schedule = page.GetByTestId("add-schedule");
        await schedule.Locator("summary").ClickAsync();
        await schedule.GetByLabel("Name").FillAsync(Schedule);
        await schedule.GetByLabel("Windows").FillAsync("Mon-Fri 07:00-17:00");
        await schedule.GetByLabel("Reason").FillAsync("the school day for pupils");
        await schedule.GetByRole(AriaRole.Button, new() { Name = "Add schedule" }).ClickAsync();
        Assert.Contains("Saved as calendar version", await page.GetByTestId("calendar-outcome").TextContentAsync());

        await page.GotoAsync("/Rules");
        var form = page.GetByTestId("rule-form");
        await form.GetByLabel("Name").FillAsync("Class 5B at the gate");
        await form.GetByLabel("Who").SelectOptionAsync("class");
        await form.GetByLabel("Grade or class").FillAsync("5B");
        await form.GetByLabel("Where").FillAsync(Site);
        await form.Locator("select[name='Form.Schedule']").SelectOptionAsync(Schedule);
        await form.GetByLabel("First day").FillAsync("2026-12-07");
        await form.GetByLabel("Last day").FillAsync("2027-07-03");
        await form.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        Assert.StartsWith($"1 pupil gains gate access at {Site}, Mon–Fri 07:00–17:00", await page.GetByTestId("rule-preview").TextContentAsync());
        await page.GetByTestId("rule-form").GetByLabel("Reason").FillAsync("class 5B comes in on school days");
        await page.GetByTestId("rule-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Contains("Class 5B at the gate", await page.GetByTestId("rules").TextContentAsync());

        // The card: opened for the pupil on the cards page, tapped on the desk's board, green there.
        await page.GotoAsync($"/Cards?Number={Newcomer.StudentNumber}");
        Assert.Equal(0, await page.GetByTestId("no-rights").CountAsync());
        await page.Locator("select[name=Desk]").SelectOptionAsync("desk-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open at the desk" }).ClickAsync();
        Assert.StartsWith("Desk desk-1 is waiting for the new card", await page.Locator("p.done").TextContentAsync());
        var desk = _system.Desk("desk-1");
        var binding = Stopwatch.StartNew();
        var bound = await desk.TapAsync(Newcomer.CardUid);
        Assert.Equal(("Bound", true), (bound.Outcome, bound.PupilHasRights));
        await Eventually.WaitAsync(() => desk.Board.Feedback.Any(f => f.Green && !f.Red), "the green LED on the desk board");
        Assert.DoesNotContain(desk.Board.Feedback, f => f.Green && f.Red);
        output.WriteLine($"Card tapped at the desk to its green LED: {binding.ElapsedMilliseconds} ms");
        var starting = Stopwatch.StartNew();
        var gate = await _system.AddReaderAsync("gate-1");
        await Eventually.WaitAsync(() => gate.AgentService<LocalAllowList>().Current.Find(GatePseudonym) is not null, "the gate's list to hold the new card");
        output.WriteLine($"Gate agent started to holding the new card: {starting.ElapsedMilliseconds} ms");

        // Monday 08:00 in Paris: in; Saturday 10:00: refused for the schedule.
        _clock.SetTo(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(1)));
        var monday = await TapAtTheGateAsync(passagesBefore: 0);
        Assert.Equal(("allow", "none"), (monday.Decision, monday.Reason));
        await AssertGateBoardShowsAsync(Decision.Allow, ReasonCode.None);

        _clock.SetTo(new DateTimeOffset(2026, 12, 12, 10, 0, 0, TimeSpan.FromHours(1)));
        var saturday = await TapAtTheGateAsync(passagesBefore: 1);
        Assert.Equal(("deny", PassageWords.Of(ReasonCode.OutsideSchedule)), (saturday.Decision, saturday.Reason));
        await AssertGateBoardShowsAsync(Decision.Deny, ReasonCode.OutsideSchedule);

        // A full export without the newcomer (their classmate stays); the school loses all its pupils on the list, so it is confirmed.
        var version = gate.AgentService<LocalAllowList>().Current.Version;
        operatorPage = await SignedInAsync("otto", operatorPassword);
        await operatorPage.GotoAsync("/Roster");
        await ImportAsync(operatorPage, roster.Keeping(n => n == Classmate.StudentNumber[1..]), full: true, confirm: true);

        // Monday again, past the one-day grace: the leaver's card is revoked and the gate refuses it.
        _clock.SetTo(new DateTimeOffset(2026, 12, 14, 8, 0, 0, TimeSpan.FromHours(1)));
        var revoking = Stopwatch.StartNew();
        Assert.Equal(1, await _system.CentralService<LeaverCardRevoker>().RevokeDueAsync());
        await Eventually.WaitAsync(() => gate.AgentService<LocalAllowList>().Current.Version > version, "the gate's list to learn the pupil left");
        output.WriteLine($"Leaver's card revoked, gate list at version {gate.AgentService<LocalAllowList>().Current.Version} (was {version}): {revoking.ElapsedMilliseconds} ms");

        page = await SignedInAsync("sam", adminPassword);
        await page.GotoAsync($"/Cards?Number={Newcomer.StudentNumber}");
        Assert.Equal("Revoked", (await page.GetByTestId("cards").Locator("tbody tr td").Nth(1).TextContentAsync())!.Trim());

        var after = await TapAtTheGateAsync(passagesBefore: 2);
        // The leaver has no rights left, so the gate's list no longer knows the card at all.
        Assert.Equal(("deny", PassageWords.Of(ReasonCode.UnknownCard)), (after.Decision, after.Reason));
    }

    private async Task<IPage> SignedInAsync(string user, string password)
    {
        var page = await _browser!.NewPageAsync(Url);
        await AdminBrowser.SignInAsync(page, user, password);
        return page;
    }

    private async Task ImportAsync(IPage page, SyntheticOneRoster roster, bool full, bool confirm = false)
    {
        var zip = roster.WriteZip(Path.Combine(_directory, $"oneroster-{Guid.NewGuid():N}.zip"));
        await page.GetByLabel("Roster file (.zip or users.csv)").SetInputFilesAsync(zip);
        await page.GetByTestId("full-export").SetCheckedAsync(full);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await page.GetByTestId("roster-export-kind").WaitForAsync();
        if (confirm)
        {
            await page.GetByTestId("confirm-leavers").CheckAsync();
        }
        await page.GetByTestId("roster-commit").ClickAsync();
        Assert.Equal("The roster was imported.", await page.GetByTestId("roster-imported").TextContentAsync());
    }

    private readonly HashSet<Guid> _seenPassages = [];

    private int _feedbackBeforeTap;

    /// <summary>Presents the newcomer's card at the gate's board until its passage is stored at Central, then takes it away.</summary>
    private async Task<Passage> TapAtTheGateAsync(int passagesBefore)
    {
        var board = _system.Reader("gate-1").Board;
        _feedbackBeforeTap = board.Feedback.Count;
        var tapped = Stopwatch.StartNew();
        board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(Newcomer.CardUid)));
        var passages = await Eventually.WaitAsync(async () =>
        {
            await using var db = await _system.CentralService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
            return await db.Passages.Where(p => p.Pseudonym == GatePseudonym).ToListAsync();
        }, p => p.Count == passagesBefore + 1, "the newcomer's gate passage");
        board.Field.Remove(Newcomer.CardUid);
        var passage = passages.Single(p => _seenPassages.Add(p.Id));
        output.WriteLine($"Gate tap at {_clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC to its passage at Central: {tapped.ElapsedMilliseconds} ms ({passage.Decision}, {passage.Reason})");
        // The reader counts the same card again only after it has been out of the field for its hold-off.
        await Task.Delay(2000);
        return passage;
    }

    /// <summary>Since the last tap, the gate's board saw exactly the pattern its agent gives for this decision and reason.</summary>
    private async Task AssertGateBoardShowsAsync(Decision decision, ReasonCode reason)
    {
        var gate = _system.Reader("gate-1");
        var expected = gate.AgentService<FeedbackPatterns>().For(decision, reason).Select(s => (s.Green, s.Red, s.Buzzer)).ToList();
        await Eventually.WaitAsync(() => gate.Board.Feedback.Count >= _feedbackBeforeTap + expected.Count, $"the {reason} pattern on the gate's board");
        Assert.Equal(expected, gate.Board.Feedback.Skip(_feedbackBeforeTap).Take(expected.Count).Select(f => (f.Green, f.Red, f.Buzzer)));
    }
}
