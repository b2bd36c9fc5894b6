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
    public async Task Roster_import_full_shows_each_schools_leavers_and_commits_a_school_emptied_only_when_confirmed()
    {
        var export = SyntheticOneRoster.Generate(30);
        var leaver = export.Pupils[1];
        var kept = export.Pupils.First(p => p.School == leaver.School);
        var schoolPupils = export.Pupils.Count(p => p.School == leaver.School);
        Assert.Equal(CliExit.Ok, (await _cli.RunAsync("roster", "import", export.WriteDirectory(_cli.File("all")), "--commit")).Code);
        var withoutLeaver = RosterLeaverTests.Without(export, leaver.StudentNumber).WriteDirectory(_cli.File("without"));
        var onlyKept = RosterLeaverTests.Only(export, kept.StudentNumber).WriteDirectory(_cli.File("only"));

        var partial = await _cli.RunAsync("roster", "import", withoutLeaver, "--preview");
        var full = await _cli.RunAsync("roster", "import", withoutLeaver, "--preview", "--full");
        var refused = await _cli.RunAsync("roster", "import", onlyKept, "--commit", "--full");
        var unchanged = await _cli.RunAsync("roster", "import", onlyKept, "--preview", "--full");
        var confirmed = await _cli.RunAsync("roster", "import", onlyKept, "--commit", "--full", "--confirm-leavers");

        Assert.Equal(CliExit.Ok, partial.Code);
        Assert.Contains("0 new, 0 updated, 29 unchanged, 0 deactivated pupils; 29 guardians", partial.Output);
        Assert.DoesNotContain("leave", partial.Output);
        Assert.True(full.Code == CliExit.Ok, full.ToString());
        Assert.Contains("29 unchanged, 0 deactivated pupils, 1 absent from the full export;", full.Output);
        Assert.Matches($@"  {leaver.School}: 1 of {schoolPupils} active pupils leave; 0 cards will be revoked on \d{{4}}-\d{{2}}-\d{{2}} \(UTC\)", full.Output);
        Assert.Equal(CliExit.LeaversUnconfirmed, refused.Code);
        Assert.Contains($"Nothing was imported: 0 new, 0 updated, 1 unchanged, 0 deactivated pupils, {schoolPupils - 1} absent from the full export", refused.Output);
        Assert.Contains("run again with --confirm-leavers", refused.Error);
        Assert.Contains($"{schoolPupils - 1} absent from the full export", unchanged.Output);
        Assert.True(confirmed.Code == CliExit.Ok, confirmed.ToString());
        Assert.DoesNotContain("--confirm-leavers", confirmed.Error);
        Assert.Contains($"Imported: 0 new, 0 updated, 1 unchanged, 0 deactivated pupils, {schoolPupils - 1} absent from the full export", confirmed.Output);
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
