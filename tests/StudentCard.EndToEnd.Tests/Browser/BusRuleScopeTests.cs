using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Spectre.Console.Testing;
using StudentCard.Central.Admin;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Passages;
using StudentCard.Central.Rights;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Core.Synthetic;
using StudentCard.Demo;
using StudentCard.Edge.Display;
using StudentCard.Edge.Reader;
using StudentCard.FirmwareSim;
using StudentCard.Tests.Shared;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// A transport admin's bus rule reaches the buses, made in real Chromium on the rules page or through the admin API: the
/// pupils it gives route r1 board bus-1, which rides r1, and are refused for the route on bus-2, which rides r2, at the
/// simulated board and on the driver's display alike; a pupil it does not name is not on the bus list at all.
/// </summary>
public sealed class BusRuleScopeTests : IAsyncLifetime
{
    private const string OnRoute = "bus-1";
    private const string OffRoute = "bus-2";

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-bus-rule-").FullName;
    private readonly Dictionary<string, int> _feedbackBeforeTap = [];
    private LocalSystem _system = null!;

    public async Task InitializeAsync() =>
        // The pupils are enrolled with cards and no rights; the buses start once a rule gives one (an agent starts on a list holding a card).
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with
        {
            StudentCount = 4,
            Rules = null,
            ReaderIds = [],
            Routes = new Dictionary<string, string> { [OffRoute] = SyntheticEnrollment.OtherRoute },
        });

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private SyntheticStudent Pupil => _system.Students[0];

    private string Url => _system.CentralService<AdminEndpoint>().Url;

    private static string Today(int days = 0) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [ChromiumFact]
    public async Task A_bus_rule_for_a_class_saved_on_the_rules_page_lets_its_pupil_board_on_route_r1_and_not_on_r2()
    {
        var password = await BrowserCentral.AccountAsync(_system.Central, "tara", StaffRole.TransportAdmin);
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(Url, width: 390, height: 844, javaScript: false);
        await AdminBrowser.SignInAsync(page, "tara", password);

        await page.GotoAsync("/Rules");
        Assert.Equal("Access rules: bus", await page.Locator("h1").TextContentAsync());
        var form = page.GetByTestId("rule-form");
        await form.GetByLabel("School", new() { Exact = true }).FillAsync(Pupil.School);
        await form.GetByLabel("Name").FillAsync($"Class {Pupil.ClassName} on the north loop");
        await form.GetByLabel("Who").SelectOptionAsync("class");
        await form.GetByLabel("Grade or class").FillAsync(Pupil.ClassName);
        await form.GetByLabel("Where").FillAsync(SyntheticEnrollment.Route);
        await form.GetByLabel("First day").FillAsync(Today(-1));
        await form.GetByLabel("Last day").FillAsync(Today(90));
        await form.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        Assert.Matches(@"^\d+ pupils? gains? bus access on route r1; 0 lose it\.$", await page.GetByTestId("rule-preview").TextContentAsync());
        await page.GetByTestId("rule-form").GetByLabel("Reason").FillAsync("the class rides the north loop this term");
        await page.GetByTestId("rule-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        Assert.Contains($"Class {Pupil.ClassName} on the north loop", await page.GetByTestId("rules").TextContentAsync());

        await BoardsOnlyOnRouteR1Async(Pupil);
    }

    [Fact]
    public async Task A_bus_rule_for_a_pupil_made_through_the_API_lets_them_board_on_route_r1_and_not_on_r2()
    {
        var password = await BrowserCentral.AccountAsync(_system.Central, "tara", StaffRole.TransportAdmin);
        using var client = new AdminClient(Url);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("tara", password)).StatusCode);
        var rule = new RuleRequest(Pupil.School, "bus", "one pupil on the north loop", "pupils", null, SyntheticEnrollment.Route, null,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90), [Pupil.StudentNumber], "rides the north loop this term");

        using var request = new HttpRequestMessage(HttpMethod.Post, RulesApi.Prefix) { Content = JsonContent.Create(rule) };
        using var created = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(("bus", "tara"), await created.Content.ReadFromJsonAsync<RuleView>() is { } view ? (view.Purpose, view.ChangedBy) : default);
        await BoardsOnlyOnRouteR1Async(Pupil);

        // A pupil the rule does not name has no bus right: the bus list does not know their card.
        var other = _system.Students[1];
        var refused = await TapAsync(OnRoute, other, passagesBefore: 0);
        Assert.Equal(("deny", PassageWords.Of(ReasonCode.UnknownCard)), (refused.Decision, refused.Reason));
    }

    /// <summary>Starts bus-1 (route r1) and bus-2 (route r2), then taps the pupil on each: let on r1, refused for the route on r2.</summary>
    private async Task BoardsOnlyOnRouteR1Async(SyntheticStudent pupil)
    {
        await _system.AddReaderAsync(OnRoute);
        await _system.AddReaderAsync(OffRoute);

        var boarded = await TapAsync(OnRoute, pupil, passagesBefore: 0);
        Assert.Equal(("allow", "none", SyntheticEnrollment.Route), (boarded.Decision, boarded.Reason, boarded.Place));
        await AssertBoardShowsAsync(OnRoute, Decision.Allow, ReasonCode.None);
        Assert.Equal(AccessDecision.Allowed, _system.Reader(OnRoute).AgentService<DriverDisplay>().Current().Verdict);

        var refused = await TapAsync(OffRoute, pupil, passagesBefore: 0);
        Assert.Equal(("deny", PassageWords.Of(ReasonCode.NotEligibleForRoute), SyntheticEnrollment.OtherRoute), (refused.Decision, refused.Reason, refused.Place));
        await AssertBoardShowsAsync(OffRoute, Decision.Deny, ReasonCode.NotEligibleForRoute);
        var screen = _system.Reader(OffRoute).AgentService<DriverDisplay>().Current();
        Assert.Equal(AccessDecision.Denied(ReasonCode.NotEligibleForRoute), screen.Verdict);
        var console = new TestConsole().Width(100);
        console.Write(DriverScreenView.Build(screen));
        Assert.Contains(ReasonWords.For(ReasonCode.NotEligibleForRoute), console.Output);
        Assert.DoesNotContain(pupil.FamilyName, console.Output);
    }

    /// <summary>Presents the pupil's card at a bus's board until its passage is stored at Central, then takes it away.</summary>
    private async Task<Passage> TapAsync(string readerId, SyntheticStudent pupil, int passagesBefore)
    {
        var board = _system.Reader(readerId).Board;
        var pseudonym = PseudonymDeriver.Pseudonym(new CardUid(pupil.CardUid), ReaderType.Bus, _system.Keys.Site, _system.Keys.Current(ReaderType.Bus)).Value;
        _feedbackBeforeTap[readerId] = board.Feedback.Count;
        board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(pupil.CardUid)));
        var passages = await Eventually.WaitAsync(async () =>
        {
            await using var db = await _system.CentralService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
            return await db.Passages.Where(p => p.ReaderId == readerId && p.Pseudonym == pseudonym).ToListAsync();
        }, p => p.Count == passagesBefore + 1, $"the pupil's passage at {readerId}");
        board.Field.Remove(pupil.CardUid);
        return passages.OrderBy(p => p.OccurredAt).Last();
    }

    /// <summary>Since the last tap, the board saw exactly the pattern the agent gives for this decision and reason.</summary>
    private async Task AssertBoardShowsAsync(string readerId, Decision decision, ReasonCode reason)
    {
        var rig = _system.Reader(readerId);
        var since = _feedbackBeforeTap[readerId];
        var expected = rig.AgentService<FeedbackPatterns>().For(decision, reason).Select(s => (s.Green, s.Red, s.Buzzer)).ToList();
        await Eventually.WaitAsync(() => rig.Board.Feedback.Count >= since + expected.Count, $"the {reason} pattern on {readerId}'s board");
        Assert.Equal(expected, rig.Board.Feedback.Skip(since).Take(expected.Count).Select(f => (f.Green, f.Red, f.Buzzer)));
    }
}
