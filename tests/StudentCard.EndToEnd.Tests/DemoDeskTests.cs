using StudentCard.Central.Rosters;
using StudentCard.Core.Synthetic;
using StudentCard.Demo;
using StudentCard.Local;

namespace StudentCard.EndToEnd.Tests;

/// <summary>
/// The demo's wiring gives a newcomer the whole path: its system starts an enrollment desk beside the readers, says where
/// it is, and a pupil imported by roster gets a card tapped on the desk's board from the console.
/// </summary>
public sealed class DemoDeskTests : IAsyncLifetime
{
    private const int Enrolled = 6;
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-e2e-demo-desk-").FullName;
    private LocalSystem _system = null!;

    public async Task InitializeAsync() =>
        _system = await LocalSystem.StartAsync(DemoSchool.Demo(_directory) with { StudentCount = Enrolled });

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_pupil_imported_by_roster_gets_a_card_tapped_at_the_demos_desk()
    {
        var desk = _system.Desk(DemoDesk.DeskId);
        var newcomer = SyntheticRoster.Generate(Enrolled + 1)[Enrolled];
        Assert.True((await _system.CentralService<RosterImport>().CommitAsync(RosterSource.FromTexts(SyntheticOneRoster.Of([newcomer]).Files()))).Committed);
        var console = new StringWriter();

        var described = string.Join("\n", DemoDesk.Describe(desk));
        var opened = await desk.OpenAsync(newcomer.StudentNumber);
        await DemoDesk.TapsFromConsoleAsync(desk, new StringReader($"tap nonsense\ntap {DemoDesk.NewCardUid} 300\n"), console, CancellationToken.None);
        var outcome = await Eventually.WaitAsync(() => Task.FromResult(desk.Outcomes), o => o.Count == 1, "the demo desk's answer to the tapped card");

        Assert.Equal(["gate-1", "bus-1", "library-1"], _system.Readers.Select(r => r.ReaderId));
        Assert.Contains($"simulated PN532 on {desk.Board.DevicePath}", described);
        Assert.Contains($"desk open --student NUMBER --settings {desk.SettingsFile}", described);
        Assert.Equal(0, opened.ExitCode);
        Assert.Contains("line 1", console.ToString());
        Assert.Equal(("Bound", false), (outcome[0].Outcome, outcome[0].PupilHasRights));
    }
}
