using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Cli;
using StudentCard.Central.Vault;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Cli;

/// <summary>
/// "roster import" of rosters made to exhaust it: a zip bomb and a field of ten megabytes are refused with a message
/// naming the file, exit 1, nothing imported, and the command's memory a small fraction of what they inflate to.
/// </summary>
[Collection(MemoryMeasured.Name)]
public sealed class CliRosterLimitsTests : IDisposable
{
    private const long Megabyte = 1024 * 1024;

    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<(CliRun.Result Result, MemoryGrowth Memory)> ImportAsync(string path, string mode)
    {
        // The first run warms the command line's services, so the measurement sees the roster alone.
        Assert.Equal(CliExit.Ok, (await _cli.RunAsync("roster", "import", SyntheticOneRoster.Generate(2).WriteDirectory(_cli.File("warm")), "--preview")).Code);
        var memory = MemoryGrowth.Start();
        var result = await _cli.RunAsync("roster", "import", path, mode);
        return (result, memory);
    }

    private async Task<int> StudentsAsync()
    {
        await using var services = await _cli.ServicesAsync();
        await using var vault = await services.Get<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        return await vault.Students.CountAsync();
    }

    [Theory]
    [InlineData("--preview")]
    [InlineData("--commit")]
    public async Task A_zip_bomb_is_refused_with_a_message_and_bounded_memory(string mode)
    {
        var bomb = RosterBombs.BombAt(_cli.File("bomb.zip"));

        var (result, memory) = await ImportAsync(bomb, mode);

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("The roster file users.csv is larger than 100 MB uncompressed; nothing was imported.", result.Error);
        // Read as text, the 2 GB would take 4 GB; the command's own services take a few tens of megabytes.
        Assert.True(memory.Allocated < 128 * Megabyte, memory.ToString());
        Assert.True(memory.Retained < 16 * Megabyte, memory.ToString());
        Assert.Equal(0, await StudentsAsync());
    }

    [Fact]
    public async Task The_limits_are_settings_and_an_oversized_field_is_refused_naming_its_file_and_line()
    {
        var bomb = RosterBombs.Zip(_cli.File("ratio.zip"), bytes: 96 * Megabyte, rows: true);
        var ratio = await _cli.RunAsync("roster", "import", bomb, "--preview");
        Assert.Equal(CliExit.Failed, ratio.Code);
        Assert.Contains("The roster file users.csv expands to more than 50 times its compressed size, as no roster does (a zip bomb); nothing was imported.", ratio.Error);
        var large = await _cli.RunAsync("roster", "import", bomb, "--preview", "--Rosters:MaxCompressionRatio=100000", "--Rosters:MaxFileBytes=4194304");
        Assert.Equal(CliExit.Failed, large.Code);
        Assert.Contains("The roster file users.csv is larger than 4 MB uncompressed; nothing was imported.", large.Error);

        var field = RosterBombs.OversizedField(_cli.File("users.csv"), characters: 10 * 1024 * 1024);
        var (result, memory) = await ImportAsync(field, "--commit");
        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("The roster file users.csv has a field longer than 4,096 characters on line 2; nothing was imported.", result.Error);
        Assert.True(memory.Allocated < 128 * Megabyte, memory.ToString());
        Assert.Equal(0, await StudentsAsync());
    }
}
