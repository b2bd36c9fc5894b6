using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Keys;
using StudentCard.Central.Passages;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Demo;
using StudentCard.Edge.Outbox;
using StudentCard.FirmwareSim;

namespace StudentCard.EndToEnd.Tests;

/// <summary>
/// A tap at a simulated PN532 board → the agent (real pseudo-terminal, System.IO.Ports) → MQTT
/// (embedded broker) → Central → a passage row, with Central's confirmation emptying the outbox.
/// </summary>
public sealed class TapToPassageTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-e2e-").FullName;
    private LocalSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with { StudentCount = 20 });
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private string PseudonymOf(byte[] uid, ReaderType type)
    {
        var ring = KeyFile.Read(_system.KeyFilePath);
        return PseudonymDeriver.Pseudonym(new CardUid(uid), type, ring.Site, ring.Current(type)).Value;
    }

    private async Task<List<Passage>> PassagesAsync(string readerId)
    {
        await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.Passages.Where(p => p.ReaderId == readerId).ToListAsync();
    }

    private async Task<Passage> TapAndWaitForPassageAsync(string readerId, byte[] uid)
    {
        var rig = _system.Reader(readerId);
        var card = SimulatedCard.FromHex(Convert.ToHexString(uid));
        rig.Board.Field.Present(card);
        var passages = await Eventually.WaitAsync(() => PassagesAsync(readerId), p => p.Count == 1, $"one passage at {readerId}");
        rig.Board.Field.Remove(uid);
        await Eventually.WaitAsync(() => rig.AgentService<PassageOutbox>().Count == 0, $"{readerId}'s outbox to be emptied by Central's confirmation");
        return passages.Single();
    }

    [Fact]
    public async Task An_entitled_pupil_at_the_gate_gets_green_and_one_allowed_passage_under_the_gate_pseudonym()
    {
        var pupil = _system.Students[0];

        var passage = await TapAndWaitForPassageAsync("gate-1", pupil.CardUid);

        Assert.Equal(("allow", "none", "in", ReaderType.Gate), (passage.Decision, passage.Reason, passage.Direction, passage.Purpose));
        Assert.Equal(PseudonymOf(pupil.CardUid, ReaderType.Gate), passage.Pseudonym);
        var board = _system.Reader("gate-1").Board;
        await Eventually.WaitAsync(() => board.Feedback.Any(f => f.Green && !f.Red), "the green LED on the gate board");
        Assert.DoesNotContain(board.Feedback, f => f.Red);
    }

    [Fact]
    public async Task An_unknown_card_on_the_bus_gets_red_and_a_denied_passage()
    {
        byte[] stranger = [0xF0, 0x11, 0x22, 0x33];

        var passage = await TapAndWaitForPassageAsync("bus-1", stranger);

        Assert.Equal(("deny", "unknown_card", ReaderType.Bus), (passage.Decision, passage.Reason, passage.Purpose));
        Assert.Equal(PseudonymOf(stranger, ReaderType.Bus), passage.Pseudonym);
        var board = _system.Reader("bus-1").Board;
        await Eventually.WaitAsync(() => board.Feedback.Any(f => f.Red && !f.Green), "the red LED on the bus board");
        Assert.DoesNotContain(board.Feedback, f => f.Green);
    }

    [Fact]
    public async Task A_pupil_whose_gate_right_ended_is_denied_as_expired()
    {
        var pupil = _system.Students[9];

        var passage = await TapAndWaitForPassageAsync("gate-1", pupil.CardUid);

        Assert.Equal(("deny", "expired"), (passage.Decision, passage.Reason));
    }

    [Fact]
    public async Task A_card_held_in_the_field_is_one_passage_and_a_pupil_without_library_right_is_denied_there()
    {
        var pupil = _system.Students[1];
        Assert.False(SyntheticEnrollment.IsEntitled(1, ReaderType.Library));
        var rig = _system.Reader("library-1");
        rig.Board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(pupil.CardUid)));

        await Eventually.WaitAsync(() => PassagesAsync("library-1"), p => p.Count >= 1, "a library passage");
        await Task.Delay(2500);
        var passages = await PassagesAsync("library-1");

        Assert.Equal("deny", Assert.Single(passages).Decision);
    }

    [Fact]
    public async Task A_restarted_agent_starts_from_its_files_and_its_next_tap_is_stored()
    {
        var rig = _system.Reader("gate-1");
        var pupil = _system.Students[2];
        await _system.StopAgentAsync(rig);
        rig.Board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(pupil.CardUid)));

        await _system.StartAgentAsync(rig);
        var passages = await Eventually.WaitAsync(() => PassagesAsync("gate-1"), p => p.Count == 1, "the passage after the agent's restart");

        Assert.Equal("allow", passages.Single().Decision);
        Assert.True(File.Exists(Path.Combine(rig.DataDirectory, "allowlist-gate.bin")));
        Assert.True(File.Exists(Path.Combine(rig.DataDirectory, "outbox.db")));
    }
}
