using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Testing;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.Passages;
using StudentCard.Central.Safety;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Rules;
using StudentCard.Demo;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Display;
using StudentCard.Edge.Reader;
using StudentCard.FirmwareSim;

namespace StudentCard.EndToEnd.Tests.Rules;

/// <summary>
/// A denial's reason travels from the rules to the reader: the passage stored at Central, the board's LED/buzzer pattern
/// for that reason (through the real PN532 serial path), the words on the bus driver's display, and Central's alerts.
/// </summary>
public sealed class ReasonAtTheReaderTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-reason-").FullName;
    private LocalSystem _system = null!;

    public async Task InitializeAsync() =>
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with { StudentCount = 20, LogLevel = "Warning" });

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<List<Passage>> PassagesAsync(string readerId)
    {
        await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.Passages.Where(p => p.ReaderId == readerId).OrderBy(p => p.OccurredAt).ToListAsync();
    }

    private async Task<List<Alert>> AlertsAsync()
    {
        await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.Alerts.AsNoTracking().ToListAsync();
    }

    private readonly Dictionary<string, int> _feedbackBeforeTap = [];

    private async Task<Passage> TapAsync(string readerId, byte[] uid, int passagesBefore = 0)
    {
        var board = _system.Reader(readerId).Board;
        _feedbackBeforeTap[readerId] = board.Feedback.Count;
        board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(uid)));
        var passages = await Eventually.WaitAsync(() => PassagesAsync(readerId), p => p.Count == passagesBefore + 1, $"a passage at {readerId}");
        board.Field.Remove(uid);
        return passages[^1];
    }

    /// <summary>Since the last tap, the board saw exactly the pattern the agent's table gives for this decision and reason.</summary>
    private async Task AssertBoardShowsAsync(string readerId, Decision decision, ReasonCode reason)
    {
        var rig = _system.Reader(readerId);
        var since = _feedbackBeforeTap[readerId];
        var expected = rig.AgentService<FeedbackPatterns>().For(decision, reason).Select(s => (s.Green, s.Red, s.Buzzer)).ToList();
        await Eventually.WaitAsync(() => rig.Board.Feedback.Count >= since + expected.Count, $"the {reason} pattern on {readerId}'s board");
        Assert.Equal(expected, rig.Board.Feedback.Skip(since).Take(expected.Count).Select(f => (f.Green, f.Red, f.Buzzer)));
    }

    [Fact]
    public async Task A_pupil_on_the_wrong_route_is_told_so_by_the_board_and_the_drivers_display()
    {
        // Pupil 3 rides route r2; bus-1 runs r1.
        Assert.False(SyntheticEnrollment.IsEntitled(3, ReaderType.Bus));
        var pupil = _system.Students[3];

        var passage = await TapAsync("bus-1", pupil.CardUid);

        Assert.Equal(("deny", "not_eligible_for_route"), (passage.Decision, passage.Reason));
        await AssertBoardShowsAsync("bus-1", Decision.Deny, ReasonCode.NotEligibleForRoute);
        var screen = _system.Reader("bus-1").AgentService<DriverDisplay>().Current();
        Assert.Equal(AccessDecision.Denied(ReasonCode.NotEligibleForRoute), screen.Verdict);
        var console = new TestConsole().Width(100);
        console.Write(DriverScreenView.Build(screen));
        Assert.Contains(ReasonWords.For(ReasonCode.NotEligibleForRoute), console.Output);
        Assert.DoesNotContain(passage.Pseudonym, console.Output);
        Assert.DoesNotContain(pupil.FamilyName, console.Output);
    }

    [Fact]
    public async Task A_pupil_on_the_right_route_counts_as_a_rider()
    {
        var pupil = _system.Students[0];
        Assert.True(SyntheticEnrollment.IsEntitled(0, ReaderType.Bus));
        var display = _system.Reader("bus-1").AgentService<DriverDisplay>();
        var riders = display.Current().Riders;

        var passage = await TapAsync("bus-1", pupil.CardUid);

        Assert.Equal(("allow", "none"), (passage.Decision, passage.Reason));
        Assert.Equal(riders + 1, display.Current().Riders);
        await AssertBoardShowsAsync("bus-1", Decision.Allow, ReasonCode.None);
    }

    [Fact]
    public async Task A_card_reported_lost_is_denied_as_lost_at_the_gate_and_flagged_at_Central()
    {
        var pupil = _system.Students[4];
        var rig = _system.Reader("gate-1");
        var version = rig.AgentService<LocalAllowList>().Current.Version;
        var token = PseudonymDeriver.CardToken(new CardUid(pupil.CardUid), KeyFile.Read(_system.KeyFilePath).Site);
        await _system.Central.Services.GetRequiredService<EnrollmentService>().RevokeCardAsync(token, Central.Vault.CardStatus.Lost);
        await Eventually.WaitAsync(() => rig.AgentService<LocalAllowList>().Current.Version > version, "the gate's list to learn of the lost card");

        var passage = await TapAsync("gate-1", pupil.CardUid);

        Assert.Equal(("deny", "lost_card"), (passage.Decision, passage.Reason));
        await AssertBoardShowsAsync("gate-1", Decision.Deny, ReasonCode.LostCard);
        var alerts = await Eventually.WaitAsync(AlertsAsync, a => a.Count == 1, "the lost-card alert");
        Assert.Equal((AlertKind.LostCardUsed, passage.Pseudonym, "gate-1"), (alerts[0].Kind, alerts[0].Pseudonym, alerts[0].ReaderId));
    }

    [Fact]
    public async Task Entering_twice_without_leaving_is_let_through_and_flagged_at_a_soft_anti_passback_gate()
    {
        var pupil = _system.Students[5];

        var first = await TapAsync("gate-1", pupil.CardUid);
        // The reader counts the same card again only after it has been out of the field for its hold-off (1.5 s).
        await Task.Delay(3000);
        var second = await TapAsync("gate-1", pupil.CardUid, passagesBefore: 1);

        Assert.Equal(("allow", "none", "north/main"), (first.Decision, first.Reason, first.Place));
        Assert.Equal(("allow", "anti_passback"), (second.Decision, second.Reason));
        await AssertBoardShowsAsync("gate-1", Decision.Allow, ReasonCode.AntiPassback);
        var alerts = await Eventually.WaitAsync(AlertsAsync, a => a.Count == 1, "the passback alert");
        Assert.Equal(AlertKind.AntiPassback, alerts[0].Kind);
    }
}
