using StudentCard.Central.Admin.Api;
using StudentCard.Central.Cli;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Local;
using StudentCard.Tests.Shared;
using RosterPage = StudentCard.Central.Admin.Pages.Roster.IndexModel;

namespace StudentCard.Central.Tests.Cli;

/// <summary>"roster import" through the running Central's admin API and the Roster page's jobs, as an operator.</summary>
public sealed class CliRosterTests : IAsyncLifetime
{
    private RosterCentral _central = null!;

    public async Task InitializeAsync() => _central = await RosterCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task Roster_import_previews_with_a_progress_bar_then_commits()
    {
        var roster = SyntheticOneRoster.Generate(8).WriteDirectory(_central.File("oneroster"));

        var preview = await _central.ImportAsync(roster, "--preview");
        var commit = await _central.ImportAsync(roster, "--commit");
        var again = await _central.ImportAsync(roster, "--preview");

        Assert.True(preview.Code == CliExit.Ok, preview.ToString());
        Assert.Contains("Preview (nothing written): 8 new, 0 updated, 0 unchanged, 0 deactivated pupils; 8 guardians; 1 users ignored", preview.Output);
        Assert.Contains("100% 17/17 rows", preview.Error);
        Assert.True(commit.Code == CliExit.Ok, commit.ToString());
        Assert.Contains("Imported: 8 new", commit.Output);
        Assert.Contains("0 new, 0 updated, 8 unchanged", again.Output);
        Assert.Equal(8, await _central.StudentsAsync());
        var entry = Assert.Single(await _central.Central.AuditAsync(RosterPage.CommitRequested));
        Assert.Equal(RosterCentral.Account, entry.Actor);
    }

    [Fact]
    public async Task Roster_import_full_shows_each_schools_leavers_and_commits_a_school_emptied_only_when_confirmed()
    {
        var export = SyntheticOneRoster.Generate(30);
        var leaver = export.Pupils[1];
        var kept = export.Pupils.First(p => p.School == leaver.School);
        var schoolPupils = export.Pupils.Count(p => p.School == leaver.School);
        Assert.Equal(CliExit.Ok, (await _central.ImportAsync(export.WriteDirectory(_central.File("all")), "--commit")).Code);
        var withoutLeaver = RosterLeaverTests.Without(export, leaver.StudentNumber).WriteDirectory(_central.File("without"));
        var onlyKept = RosterLeaverTests.Only(export, kept.StudentNumber).WriteDirectory(_central.File("only"));

        var partial = await _central.ImportAsync(withoutLeaver, "--preview");
        var full = await _central.ImportAsync(withoutLeaver, "--preview", "--full");
        var refused = await _central.ImportAsync(onlyKept, "--commit", "--full");
        var unchanged = await _central.ImportAsync(onlyKept, "--preview", "--full");
        var confirmed = await _central.ImportAsync(onlyKept, "--commit", "--full", "--confirm-leavers");

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
        var path = roster.WriteDirectory(_central.File("bad"));

        var result = await _central.ImportAsync(path, "--commit");
        var after = await _central.ImportAsync(SyntheticOneRoster.Generate(4).WriteDirectory(_central.File("good")), "--preview");

        Assert.Equal(CliExit.RosterRejected, result.Code);
        Assert.Contains("in error; nothing was imported", result.Error);
        Assert.Contains("users.csv:6 [enabledUser]: enabledUser must be true or false.", result.Error);
        Assert.Contains("4 new", after.Output);
        Assert.Equal(0, await _central.StudentsAsync());
    }

    [Theory]
    [InlineData("missing.csv", "No roster at")]
    [InlineData("broken.zip", "not a readable zip file")]
    [InlineData("empty-dir", "has no users.csv")]
    [InlineData("empty.csv", "The file is empty")]
    public async Task Roster_import_of_a_file_that_is_no_roster_exits_non_zero_with_what_to_do(string name, string message)
    {
        var path = _central.File(name);
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

        var result = await _central.ImportAsync(path, "--commit");

        Assert.NotEqual(CliExit.Ok, result.Code);
        Assert.Contains(message, result.Error);
    }

    [Theory]
    [InlineData(StaffRole.Dpo, null)]
    [InlineData(StaffRole.SchoolAdmin, "Northfield Primary")]
    public async Task An_account_whose_role_gives_no_roster_imports_is_refused_and_nothing_is_imported(StaffRole role, string? school)
    {
        var password = await _central.Central.AccountAsync("not-an-operator", role, school);
        var roster = SyntheticOneRoster.Generate(4).WriteDirectory(_central.File("oneroster"));

        var result = await ApiCli.RunAsync(_central.Central.AdminUrl, "not-an-operator", password, "roster", "import", roster, "--commit");

        Assert.Equal((CliExit.Failed, "Refused: this account's role gives no roster imports (operators do). Nothing was changed."), (result.Code, result.Error.Trim()));
        Assert.Equal(0, await _central.StudentsAsync());
    }

    [Fact]
    public async Task A_wrong_password_or_a_stopped_Central_imports_nothing()
    {
        var roster = SyntheticOneRoster.Generate(4).WriteDirectory(_central.File("oneroster"));
        var url = ApiCli.Unreachable();

        var wrong = await ApiCli.RunAsync(_central.Central.AdminUrl, RosterCentral.Account, "not-the-password", "roster", "import", roster, "--commit");
        var stopped = await ApiCli.RunAsync(url, RosterCentral.Account, "any", "roster", "import", roster, "--commit");

        Assert.Equal((CliExit.Failed, "Sign-in refused: The user name or password is not right. Nothing was changed."), (wrong.Code, wrong.Error.Trim()));
        Assert.StartsWith($"Central is not running at {url}/", stopped.Error, StringComparison.Ordinal);
        Assert.Equal(0, await _central.StudentsAsync());
    }

    [Fact]
    public async Task The_upload_takes_a_zip_or_a_csv_only_and_a_commit_takes_json_only()
    {
        using var client = new StudentCard.Tests.Shared.AdminClient(_central.Central.AdminUrl);
        var password = await _central.Central.AccountAsync("second-operator", StaffRole.Operator);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await client.SignInAsync("second-operator", password)).StatusCode);
        using var form = new HttpRequestMessage(HttpMethod.Post, RosterRoutes.Uploads)
        {
            Content = new StringContent("sourcedId,status", System.Text.Encoding.UTF8, "text/plain"),
        };
        using var commit = new HttpRequestMessage(HttpMethod.Post, RosterRoutes.CommitPath("0123456789abcdef0123456789abcdef"))
        {
            Content = new StringContent("confirm=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        using var uploaded = await client.SendAsync(form);
        using var committed = await client.SendAsync(commit);

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, uploaded.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, committed.StatusCode);
        Assert.Empty(Directory.Exists(Path.Combine(_central.Central.DataDirectory, RosterUploads.FolderName))
            ? Directory.GetFiles(Path.Combine(_central.Central.DataDirectory, RosterUploads.FolderName)) : []);
    }
}
