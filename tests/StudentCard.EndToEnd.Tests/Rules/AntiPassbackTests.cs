using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Keys;
using StudentCard.Central.Passages;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Passages;
using StudentCard.Demo;
using StudentCard.Edge.Taps;
using StudentCard.FirmwareSim;

namespace StudentCard.EndToEnd.Tests.Rules;

/// <summary>
/// Hard anti-passback at a zone with an in-reader and an out-reader on separate agents: a second entry in a row is
/// denied, and an exit at the other reader (relayed through Central) lets the pupil in again.
/// </summary>
public sealed class AntiPassbackTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-passback-").FullName;
    private LocalSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await LocalSystem.StartAsync(new LocalSystemOptions
        {
            DataDirectory = _directory,
            StudentCount = 10,
            ReaderIds = ["gate-in"],
            CentralSettings = new Dictionary<string, string?> { ["Access:Zones:0:AntiPassback"] = "Hard" },
            AgentSettings = new Dictionary<string, string?>(),
        });
        _system.Options.AgentSettings["Edge:Direction"] = "Out";
        await _system.AddReaderAsync("gate-out", KeyFile.Read(_system.KeyFilePath));
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<Passage> TapAsync(string readerId, byte[] uid)
    {
        await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        var before = await db.Passages.CountAsync(p => p.ReaderId == readerId);
        var board = _system.Reader(readerId).Board;
        board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(uid)));
        await Eventually.WaitAsync(async () => { await using var d = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync(); return await d.Passages.CountAsync(p => p.ReaderId == readerId); },
            count => count == before + 1, $"a passage at {readerId}");
        board.Field.Remove(uid);
        // The reader counts the same card again only once it has been out of the field for its hold-off (1.5 s).
        await Task.Delay(2000);
        return await db.Passages.AsNoTracking().Where(p => p.ReaderId == readerId).OrderBy(p => p.OccurredAt).LastAsync();
    }

    [Fact]
    public async Task A_second_entry_is_denied_until_the_pupil_has_gone_out_through_the_other_reader()
    {
        var pupil = _system.Students[0];
        Assert.Equal("Out", _system.Reader("gate-out").AgentService<Microsoft.Extensions.Options.IOptions<Edge.Settings.EdgeOptions>>().Value.Direction.ToString());

        var entry = await TapAsync("gate-in", pupil.CardUid);
        var again = await TapAsync("gate-in", pupil.CardUid);
        var exit = await TapAsync("gate-out", pupil.CardUid);
        var memory = _system.Reader("gate-in").AgentService<ZoneMemory>();
        await Eventually.WaitAsync(() => memory.Last(exit.Pseudonym) is { Direction: Direction.Out }, "the exit to be relayed to the in-reader");
        var back = await TapAsync("gate-in", pupil.CardUid);

        Assert.Equal(("allow", "none"), (entry.Decision, entry.Reason));
        Assert.Equal(("deny", "anti_passback"), (again.Decision, again.Reason));
        Assert.Equal(("allow", "none", "out"), (exit.Decision, exit.Reason, exit.Direction));
        Assert.Equal(("allow", "none"), (back.Decision, back.Reason));
    }
}
