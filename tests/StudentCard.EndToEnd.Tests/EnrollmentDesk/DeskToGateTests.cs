using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.Passages;
using StudentCard.Central.Rosters;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Demo;
using StudentCard.Edge.AllowList;
using StudentCard.FirmwareSim;
using StudentCard.Local;

namespace StudentCard.EndToEnd.Tests.EnrollmentDesk;

/// <summary>
/// A card tapped at a simulated desk board → the desk agent (pseudo-terminal, K_site only) → Central's
/// desk service → the vault holds the card → the gate reader's allow-list gets the new pseudonym and the
/// card opens the gate. Bad input at the desk shows red and changes nothing. (The generated desk
/// contract types exist in both Central and the agent, so outcomes are compared by name here.)
/// </summary>
public sealed class DeskToGateTests : IAsyncLifetime
{
    private const int Enrolled = 6;
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-e2e-desk-").FullName;
    private LocalSystem _system = null!;
    private DeskRig _desk = null!;

    // The roster is generated in order, so the pupils after the enrolled ones are new to the system.
    private readonly IReadOnlyList<SyntheticStudent> _roster = SyntheticRoster.Generate(Enrolled + 2, seed: 2026);

    public async Task InitializeAsync()
    {
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with { StudentCount = Enrolled, ReaderIds = ["gate-1"], DeskIds = ["desk-1"] });
        _desk = _system.Desk("desk-1");
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private KeyRing Keys => KeyFile.Read(_system.KeyFilePath);

    private string Token(SyntheticStudent pupil) => PseudonymDeriver.CardToken(new CardUid(pupil.CardUid), Keys.Site).Value;

    private async Task<string> VaultCardsAsync()
    {
        await using var vault = await _system.Central.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        var cards = await vault.Cards.OrderBy(c => c.Id).Select(c => $"{c.StudentId} {c.CardToken} {c.Status}").ToListAsync();
        return string.Join("\n", cards);
    }

    private async Task<string> EntitlementsAsync()
    {
        await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        var rows = await db.Entitlements.OrderBy(e => e.Id).Select(e => $"{e.Purpose} {e.Pseudonym} {e.KeyVersion}").ToListAsync();
        return string.Join("\n", rows);
    }

    /// <summary>A pupil in the vault without a card, with a gate right for the school year.</summary>
    private Task AddStudentWithoutCardAsync(SyntheticStudent pupil) =>
        _system.AddPupilWithoutCardAsync(pupil, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300), ReaderType.Gate);

    [Fact]
    public async Task A_card_enrolled_at_the_desk_reaches_the_gate_allow_list_and_opens_the_gate()
    {
        var pupil = _roster[Enrolled];
        Assert.DoesNotContain(_system.Students, s => s.StudentNumber == pupil.StudentNumber);
        await AddStudentWithoutCardAsync(pupil);
        var gate = _system.Reader("gate-1");
        var gatePseudonym = PseudonymDeriver.Pseudonym(new CardUid(pupil.CardUid), ReaderType.Gate, Keys.Site, Keys.Current(ReaderType.Gate)).Value;
        Assert.Null(gate.AgentService<LocalAllowList>().Current.Find(gatePseudonym));

        var opened = await _desk.OpenAsync(pupil.StudentNumber);
        var outcome = await _desk.TapAsync(pupil.CardUid);

        Assert.Equal(0, opened.ExitCode);
        Assert.Contains("tap the card", opened.Output);
        Assert.Equal(("Bound", true), (outcome.Outcome, outcome.PupilHasRights));
        await Eventually.WaitAsync(() => _desk.Board.Feedback.Any(f => f.Green && !f.Red), "the green LED on the desk board");
        Assert.DoesNotContain(_desk.Board.Feedback, f => f.Green && f.Red);
        Assert.Contains($"{Token(pupil)} Issued", await VaultCardsAsync());
        await Eventually.WaitAsync(() => gate.AgentService<LocalAllowList>().Current.Find(gatePseudonym) is not null, "the gate reader's allow-list to hold the new pseudonym");

        gate.Board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(pupil.CardUid)));
        var passages = await Eventually.WaitAsync(async () =>
        {
            await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
            return await db.Passages.Where(p => p.Pseudonym == gatePseudonym).ToListAsync();
        }, p => p.Count == 1, "the new card's gate passage");
        Assert.Equal(("allow", "none"), (passages[0].Decision, passages[0].Reason));
    }

    [Fact]
    public async Task A_card_bound_to_a_pupil_imported_without_rights_shows_amber_at_the_desk_and_opens_nothing()
    {
        var pupil = _roster[Enrolled];
        var import = await _system.CentralService<RosterImport>().CommitAsync(RosterSource.FromTexts(SyntheticOneRoster.Of([pupil]).Files()));
        Assert.True(import.Committed);
        var gate = _system.Reader("gate-1");
        var gatePseudonym = PseudonymDeriver.Pseudonym(new CardUid(pupil.CardUid), ReaderType.Gate, Keys.Site, Keys.Current(ReaderType.Gate)).Value;
        var entitlements = await EntitlementsAsync();

        var opened = await _desk.OpenAsync(pupil.StudentNumber);
        var outcome = await _desk.TapAsync(pupil.CardUid);

        Assert.Equal(0, opened.ExitCode);
        Assert.Equal(("Bound", false), (outcome.Outcome, outcome.PupilHasRights));
        Assert.Contains("no rights yet: no gate, bus or library will open", outcome.Message);
        // Amber: both LEDs at once, never green alone as for a card that opens something.
        await Eventually.WaitAsync(() => _desk.Board.Feedback.Any(f => f.Green && f.Red && f.Buzzer), "the amber LED and the beep on the desk board");
        Assert.DoesNotContain(_desk.Board.Feedback, f => f.Green != f.Red);
        Assert.Contains($"{Token(pupil)} Issued", await VaultCardsAsync());
        Assert.Equal(entitlements, await EntitlementsAsync());

        gate.Board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(pupil.CardUid)));
        var passages = await Eventually.WaitAsync(async () =>
        {
            await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
            return await db.Passages.Where(p => p.Pseudonym == gatePseudonym).ToListAsync();
        }, p => p.Count == 1, "the refused gate passage of the card without rights");
        Assert.Equal(("deny", "unknown_card"), (passages[0].Decision, passages[0].Reason));
    }

    [Fact]
    public async Task Bad_input_at_the_desk_shows_red_and_changes_nothing()
    {
        var newcomer = _roster[Enrolled + 1];
        await AddStudentWithoutCardAsync(newcomer);
        await _system.Central.Services.GetRequiredService<EnrollmentService>().RevokeCardAsync(new CardToken(Token(_system.Students[1])), CardStatus.Lost);
        var cards = await VaultCardsAsync();
        var entitlements = await EntitlementsAsync();

        // No enrollment open: the tap is refused.
        var noPending = await _desk.TapAsync(newcomer.CardUid);
        // A first card opened for the newcomer, but an enrolled pupil's card tapped.
        var opened = await _desk.OpenAsync(newcomer.StudentNumber);
        var alreadyEnrolled = await _desk.TapAsync(_system.Students[0].CardUid);
        // A re-issue for the pupil whose card was lost, and the lost card tapped again.
        var reopened = await _desk.OpenAsync(_system.Students[1].StudentNumber, reissue: true);
        var revoked = await _desk.TapAsync(_system.Students[1].CardUid);
        // A student number the vault does not know, and a first card for a pupil who has one.
        var unknown = await _desk.OpenAsync("S999999");
        var hasCard = await _desk.OpenAsync(_system.Students[2].StudentNumber);

        Assert.Equal(
            ["NoPendingEnrollment", "CardAlreadyEnrolled", "CardRevoked"],
            new[] { noPending, alreadyEnrolled, revoked }.Select(o => o.Outcome.ToString()));
        Assert.Equal((0, 0), (opened.ExitCode, reopened.ExitCode));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No student with this student number", unknown.Error);
        Assert.Equal(1, hasCard.ExitCode);
        Assert.Contains("already has a card", hasCard.Error);
        // The board records LED changes only, and quick refusals can overlap one red pattern, so red is seen, green never.
        await Eventually.WaitAsync(() => _desk.Board.Feedback.Any(f => f.Red && !f.Green), "the red LED for the refused cards");
        Assert.DoesNotContain(_desk.Board.Feedback, f => f.Green);
        Assert.Equal(cards, await VaultCardsAsync());
        Assert.Equal(entitlements, await EntitlementsAsync());
    }

    [Fact]
    public async Task A_desk_with_a_wrong_secret_is_refused_and_shows_red()
    {
        var pupil = _roster[Enrolled];
        await AddStudentWithoutCardAsync(pupil);
        var impostor = await _system.AddDeskAsync("desk-2", secretOverride: "not-the-desk-secret");
        var cards = await VaultCardsAsync();

        var opened = await impostor.OpenAsync(pupil.StudentNumber);
        var outcome = await impostor.TapAsync(pupil.CardUid);

        Assert.Equal(1, opened.ExitCode);
        Assert.Contains("Unknown desk or wrong secret", opened.Error);
        Assert.Equal("Unspecified", outcome.Outcome.ToString());
        Assert.Contains("Unauthenticated", outcome.Message);
        await Eventually.WaitAsync(() => impostor.Board.Feedback.Any(f => f.Red && !f.Green), "the red LED on the refused desk");
        Assert.Equal(cards, await VaultCardsAsync());
    }
}
