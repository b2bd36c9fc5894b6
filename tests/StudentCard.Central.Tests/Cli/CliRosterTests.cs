using StudentCard.Central.Cli;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Cli;

public sealed class CliRosterTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Roster_import_previews_with_a_progress_bar_then_commits()
    {
        var roster = SyntheticOneRoster.Generate(8).WriteDirectory(_cli.File("oneroster"));

        var preview = await _cli.RunAsync("roster", "import", roster, "--preview");
        var commit = await _cli.RunAsync("roster", "import", roster, "--commit");
        var again = await _cli.RunAsync("roster", "import", roster, "--preview");

        Assert.True(preview.Code == CliExit.Ok, preview.ToString());
        Assert.Contains("Preview (nothing written): 8 new, 0 updated, 0 unchanged, 0 deactivated pupils; 8 guardians; 1 users ignored", preview.Output);
        Assert.Contains("100% 17/17 rows", preview.Error);
        Assert.Equal(CliExit.Ok, commit.Code);
        Assert.Contains("Imported: 8 new", commit.Output);
        Assert.Contains("0 new, 0 updated, 8 unchanged", again.Output);
    }

    [Fact]
    public async Task Roster_import_with_bad_rows_lists_them_imports_nothing_and_exits_4()
    {
        var roster = SyntheticOneRoster.Generate(4);
        roster.User("stu-100002")["enabledUser"] = "maybe";
        var path = roster.WriteDirectory(_cli.File("bad"));

        var result = await _cli.RunAsync("roster", "import", path, "--commit");
        var after = await _cli.RunAsync("roster", "import", SyntheticOneRoster.Generate(4).WriteDirectory(_cli.File("good")), "--preview");

        Assert.Equal(CliExit.RosterRejected, result.Code);
        Assert.Contains("in error; nothing was imported", result.Error);
        Assert.Contains("users.csv:6 [enabledUser]: enabledUser must be true or false.", result.Error);
        Assert.Contains("4 new", after.Output);
    }

    [Theory]
    [InlineData("missing.csv", "No roster at")]
    [InlineData("broken.zip", "not a readable zip file")]
    [InlineData("empty-dir", "has no users.csv")]
    [InlineData("empty.csv", "The file is empty")]
    public async Task Roster_import_of_a_file_that_is_no_roster_exits_non_zero_with_what_to_do(string name, string message)
    {
        var path = _cli.File(name);
        switch (name)
        {
            case "broken.zip":
                await File.WriteAllBytesAsync(path, [0x50, 0x4b, 0x00, 0x01, 0x02]);
                break;
            case "empty-dir":
                Directory.CreateDirectory(path);
                break;
            case "empty.csv":
                await File.WriteAllTextAsync(path, "");
                break;
        }

        var result = await _cli.RunAsync("roster", "import", path, "--commit");

        Assert.NotEqual(CliExit.Ok, result.Code);
        Assert.Contains(message, result.Error);
    }
}
