using StudentCard.Central.Cli;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Local;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Cli;

/// <summary>
/// "roster import" of rosters made to exhaust it, through the running Central: a zip bomb and a field of ten megabytes are
/// refused with a message naming the file, exit 1, nothing imported, and the memory of the command and the Central
/// serving it a small fraction of what they inflate to.
/// </summary>
[Collection(MemoryMeasured.Name)]
public sealed class CliRosterLimitsTests : IAsyncLifetime
{
    private const long Megabyte = 1024 * 1024;

    private RosterCentral _central = null!;

    public async Task InitializeAsync() => _central = await RosterCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    private async Task<(CliRun.Result Result, MemoryGrowth Memory)> ImportAsync(string path, string mode)
    {
        // The first run warms the command line and the import, so the measurement sees the roster alone.
        Assert.Equal(CliExit.Ok, (await _central.ImportAsync(SyntheticOneRoster.Generate(2).WriteDirectory(_central.File("warm")), "--preview")).Code);
        var memory = MemoryGrowth.Start();
        var result = await _central.ImportAsync(path, mode);
        return (result, memory);
    }

    [Theory]
    [InlineData("--preview")]
    [InlineData("--commit")]
    public async Task A_zip_bomb_is_refused_with_a_message_and_bounded_memory(string mode)
    {
        var bomb = RosterBombs.BombAt(_central.File("bomb.zip"));

        var (result, memory) = await ImportAsync(bomb, mode);

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("The roster file users.csv is larger than 100 MB uncompressed; nothing was imported.", result.Error);
        // Read as text, the 2 GB would take 4 GB; the command and the import take a few tens of megabytes.
        Assert.True(memory.Allocated < 128 * Megabyte, memory.ToString());
        Assert.True(memory.Retained < 16 * Megabyte, memory.ToString());
        Assert.Equal(0, await _central.StudentsAsync());
    }

    [Fact]
    public async Task An_oversized_field_is_refused_naming_its_file_and_line_and_a_zip_past_the_compression_ratio_is_refused()
    {
        var bomb = RosterBombs.Zip(_central.File("ratio.zip"), bytes: 96 * Megabyte, rows: true);
        var ratio = await _central.ImportAsync(bomb, "--preview");
        Assert.Equal(CliExit.Failed, ratio.Code);
        Assert.Contains("The roster file users.csv expands to more than 50 times its compressed size, as no roster does (a zip bomb); nothing was imported.", ratio.Error);

        var field = RosterBombs.OversizedField(_central.File("users.csv"), characters: 10 * 1024 * 1024);
        var (result, memory) = await ImportAsync(field, "--commit");
        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("The roster file users.csv has a field longer than 4,096 characters on line 2; nothing was imported.", result.Error);
        Assert.True(memory.Allocated < 128 * Megabyte, memory.ToString());
        Assert.Equal(0, await _central.StudentsAsync());
    }

    [Fact]
    public async Task The_limits_are_Centrals_settings()
    {
        await using var central = await RosterCentral.StartAsync("--Rosters:MaxCompressionRatio=100000", "--Rosters:MaxFileBytes=4194304");
        var bomb = RosterBombs.Zip(central.File("ratio.zip"), bytes: 96 * Megabyte, rows: true);

        var large = await central.ImportAsync(bomb, "--preview");

        Assert.Equal(CliExit.Failed, large.Code);
        Assert.Contains("The roster file users.csv is larger than 4 MB uncompressed; nothing was imported.", large.Error);
        Assert.Equal(0, await central.StudentsAsync());
    }
}
