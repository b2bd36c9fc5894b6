using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Passages;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Demo;
using StudentCard.FirmwareSim;

namespace StudentCard.EndToEnd.Tests;

/// <summary>
/// The local system with its agent as its own process (<c>dotnet StudentCard.Edge.dll --settings edge.json</c>):
/// a tap at the simulated board on the pseudo-terminal reaches Central as one passage, as in one process.
/// </summary>
public sealed class ChildProcessAgentTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-e2e-process-").FullName;
    private LocalSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with { StudentCount = 10, ReaderIds = ["gate-1"], Agents = AgentHosting.ChildProcess });
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<List<Passage>> PassagesAsync()
    {
        await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.Passages.Where(p => p.ReaderId == "gate-1").ToListAsync();
    }

    [Fact]
    public async Task A_tap_read_by_an_agent_in_its_own_process_is_stored_once_under_the_gate_pseudonym()
    {
        var rig = _system.Reader("gate-1");
        Assert.Null(rig.Agent);
        Assert.False(rig.Process!.HasExited);
        var pupil = _system.Students[0];

        rig.Board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(pupil.CardUid)));
        var passages = await Eventually.WaitAsync(PassagesAsync, p => p.Count == 1, "one passage at gate-1");
        rig.Board.Field.Remove(pupil.CardUid);

        var passage = passages.Single();
        Assert.Equal(("allow", "none", "in", ReaderType.Gate), (passage.Decision, passage.Reason, passage.Direction, passage.Purpose));
        Assert.Equal(PseudonymDeriver.Pseudonym(new CardUid(pupil.CardUid), ReaderType.Gate, _system.Keys.Site, _system.Keys.Current(ReaderType.Gate)).Value, passage.Pseudonym);
        await Eventually.WaitAsync(() => rig.Board.Feedback.Any(f => f.Green && !f.Red), "the green LED on the gate board");
    }
}
