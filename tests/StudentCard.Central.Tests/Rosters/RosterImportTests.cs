using System.Text;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.Rosters;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Local;

namespace StudentCard.Central.Tests.Rosters;

public sealed class RosterImportTests : IAsyncLifetime
{
    private RosterHost _host = null!;

    public async Task InitializeAsync() => _host = await RosterHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_preview_writes_nothing_and_a_commit_keeps_only_the_needed_fields()
    {
        var roster = SyntheticOneRoster.Generate(20);
        var source = RosterSource.FromTexts(roster.Files());

        var preview = await _host.Import.PreviewAsync(source);

        Assert.Equal((20, 0, 0, 0, 20, 1, false), (preview.New, preview.Updated, preview.Unchanged, preview.Deactivated, preview.Guardians, preview.Ignored, preview.Committed));
        Assert.Empty(preview.Errors);
        await using (var vault = _host.Vault())
        {
            Assert.Equal(0, await vault.Students.CountAsync());
        }

        var result = await _host.Import.CommitAsync(source);

        Assert.True(result.Committed);
        Assert.Equal(20, result.New);
        var pupil = roster.Pupils[3];
        await using (var vault = _host.Vault())
        {
            var sourcedId = "stu-" + pupil.StudentNumber[1..];
            var stored = await vault.Students.SingleAsync(s => s.SourcedId == sourcedId);
            Assert.Equal((pupil.StudentNumber, pupil.GivenName, pupil.FamilyName, pupil.School, pupil.ClassName), (stored.StudentNumber, stored.GivenName, stored.FamilyName, stored.School, stored.ClassName));
            Assert.Equal(Student.UnknownBirthYear, stored.BirthYear);
            Assert.Null(stored.DeactivatedAt);
            Assert.Equal(20, await vault.Guardians.CountAsync());
            var guardian = await (from link in vault.StudentGuardians
                                  join g in vault.Guardians on link.GuardianId equals g.Id
                                  where link.StudentId == stored.Id
                                  select g).SingleAsync();
            Assert.Equal($"{guardian.GivenName} {guardian.FamilyName}", stored.GuardianName);
        }

        // The dropped columns are nowhere in the vault's bytes, while the kept ones are (so the scan can see).
        var bytes = FileBytes.OfDatabase(_host.VaultPath);
        Assert.NotEmpty(bytes.WhereFound(Encoding.UTF8.GetBytes(pupil.FamilyName)));
        foreach (var dropped in roster.DroppedValues.Append("Qux").Append("LDAP:u"))
        {
            Assert.Empty(bytes.WhereFound(Encoding.UTF8.GetBytes(dropped)));
        }
    }

    [Fact]
    public async Task Bad_rows_are_listed_with_line_column_and_reason_and_nothing_is_imported()
    {
        var first = SyntheticOneRoster.Generate(6);
        Assert.True((await _host.Import.CommitAsync(RosterSource.FromTexts(first.Files()))).Committed);
        var before = await VaultSnapshotAsync();

        var roster = SyntheticOneRoster.Generate(6);
        roster.User("stu-100000")["familyName"] = "Renamed";     // a good change that must not land either
        roster.User("stu-100001")["role"] = "wizard";
        roster.User("stu-100002")["givenName"] = "";
        roster.User("stu-100003")["grades"] = "14";
        roster.User("stu-100004")["orgSourcedIds"] = "org-nowhere";
        roster.User("gua-100005")["agentSourcedIds"] = "stu-999999";
        roster.Users.Add(new Dictionary<string, string>(roster.User("stu-100000")));
        var files = roster.Files();
        files["enrollments.csv"] += "enr-x,,,class-x,,stu-404,student,true,,\r\n";
        var lines = files["users.csv"].Split("\r\n").ToList();
        int Line(string id) => lines.FindIndex(l => l.StartsWith(id + ",", StringComparison.Ordinal)) + 1;

        var result = await _host.Import.CommitAsync(RosterSource.FromTexts(files));

        Assert.False(result.Committed);
        var errors = result.Errors.Select(e => (e.File, e.Line, e.Column)).ToList();
        Assert.Contains(("users.csv", Line("stu-100001"), "role"), errors);
        Assert.Contains(("users.csv", Line("stu-100002"), "givenName"), errors);
        Assert.Contains(("users.csv", Line("stu-100003"), "grades"), errors);
        Assert.Contains(("users.csv", Line("stu-100004"), "orgSourcedIds"), errors);
        Assert.Contains(("users.csv", Line("gua-100005"), "agentSourcedIds"), errors);
        Assert.Contains(("users.csv", lines.Count - 1, "sourcedId"), errors);
        Assert.Contains(errors, e => e.File == "enrollments.csv" && e.Column == "userSourcedId");
        Assert.All(result.Errors, e => Assert.DoesNotContain(roster.Pupils[0].FamilyName, e.ToString()));
        Assert.Equal(before, await VaultSnapshotAsync());
    }

    [Fact]
    public async Task A_missing_required_column_is_one_error_on_the_header_line()
    {
        var files = SyntheticOneRoster.Generate(3).Files();
        files["users.csv"] = files["users.csv"].Replace("givenName", "firstName");

        var result = await _host.Import.CommitAsync(RosterSource.FromTexts(files));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("users.csv", 1, "givenName"), (error.File, error.Line, error.Column));
    }

    [Fact]
    public async Task A_reimport_updates_by_sourcedId_and_deactivation_takes_entitlements_away_until_reactivation()
    {
        var roster = SyntheticOneRoster.Generate(10);
        await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()));
        var leaver = roster.Pupils[1];
        var token = await GiveCardAsync(leaver.StudentNumber);
        var gatePseudonym = Support.Roster.Pseudonym(token, ReaderType.Gate, _host.Get<KeyRing>());
        Assert.True(await HasEntitlementAsync(gatePseudonym));

        roster.User("stu-100000")["familyName"] = "Renamed";
        roster.User("stu-100001")["status"] = "tobedeleted";
        var preview = await _host.Import.PreviewAsync(RosterSource.FromTexts(roster.Files()));
        Assert.Equal((0, 1, 8, 1), (preview.New, preview.Updated, preview.Unchanged, preview.Deactivated));
        var gateVersion = await GateVersionAsync();

        await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()));

        await using (var vault = _host.Vault())
        {
            Assert.Equal("Renamed", (await vault.Students.SingleAsync(s => s.SourcedId == "stu-100000")).FamilyName);
            Assert.NotNull((await vault.Students.SingleAsync(s => s.SourcedId == "stu-100001")).DeactivatedAt);
            Assert.Equal(10, await vault.Students.CountAsync());
        }
        Assert.False(await HasEntitlementAsync(gatePseudonym));
        Assert.True(await GateVersionAsync() > gateVersion);

        roster.User("stu-100001")["status"] = "active";
        var back = await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()));

        Assert.Equal((1, 9), (back.Updated, back.Unchanged));
        Assert.True(await HasEntitlementAsync(gatePseudonym));
    }

    [Fact]
    public async Task Progress_is_reported_up_to_the_total_for_reading_and_writing()
    {
        var reports = new List<RosterProgress>();
        var progress = new SynchronousProgress(reports.Add);

        await _host.Import.CommitAsync(RosterSource.FromTexts(SyntheticOneRoster.Generate(600).Files()), progress);

        Assert.Equal(new RosterProgress("read", 1201, 1201), reports.Last(r => r.Stage == "read"));
        Assert.Equal(new RosterProgress("write", 600, 600), reports.Last(r => r.Stage == "write"));
        Assert.True(reports.Count(r => r.Stage == "read") >= 4);
    }

    [Fact]
    public async Task Rights_follow_the_roster_a_pupil_moved_into_a_class_gets_its_rules_and_one_moved_out_loses_them()
    {
        var roster = SyntheticOneRoster.Generate(30, seed: 5);
        await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()));
        var joiner = roster.Pupils.First(p => roster.Pupils.Any(q => q.School == p.School && q.ClassName != p.ClassName));
        var member = roster.Pupils.First(p => p.School == joiner.School && p.ClassName != joiner.ClassName);
        var rule = await _host.Get<RuleService>().CreateAsync(RuleEditor.System("operator"), new RuleDraft(
            member.School, ReaderType.Library, "class library", RulePopulation.Class, member.ClassName, null, null, RetentionCentral.T0, RetentionCentral.T0.AddDays(300)),
            "the class borrows books");
        Assert.Equal([rule.Id.ToString()], await RuleIdsAsync(member));
        Assert.Empty(await RuleIdsAsync(joiner));

        var memberClass = Enrollment(roster, member)["classSourcedId"];
        Enrollment(roster, member)["classSourcedId"] = Enrollment(roster, joiner)["classSourcedId"];
        Enrollment(roster, joiner)["classSourcedId"] = memberClass;
        await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()));

        Assert.Equal([rule.Id.ToString()], await RuleIdsAsync(joiner));
        Assert.Empty(await RuleIdsAsync(member));
    }

    private static Dictionary<string, string> Enrollment(SyntheticOneRoster roster, Core.Synthetic.SyntheticStudent pupil) =>
        roster.Enrollments.Single(e => e["userSourcedId"] == "stu-" + pupil.StudentNumber[1..]);

    private async Task<List<string>> RuleIdsAsync(Core.Synthetic.SyntheticStudent pupil)
    {
        await using var vault = _host.Vault();
        var id = (await vault.Students.SingleAsync(s => s.StudentNumber == pupil.StudentNumber)).Id;
        return await vault.StudentPurposes.Where(p => p.StudentId == id).Select(p => p.Rules).ToListAsync();
    }

    [Fact]
    public async Task A_zip_bundle_and_a_plain_users_csv_are_accepted()
    {
        var roster = SyntheticOneRoster.Generate(5);
        var zip = roster.WriteZip(Path.Combine(_host.DirectoryPath, "oneroster.zip"));
        Assert.Equal(5, (await _host.Import.CommitAsync(RosterSource.FromPath(zip, new RosterLimits()))).New);

        var plain = SyntheticOneRoster.Generate(3, seed: 7);
        var file = Path.Combine(_host.DirectoryPath, "pupils.csv");
        File.WriteAllText(file, SyntheticOneRoster.Csv(SyntheticOneRoster.UserColumns, plain.Users.Select(u => Renumbered(u))));
        var result = await _host.Import.CommitAsync(RosterSource.FromPath(file, new RosterLimits()));

        Assert.Equal(3, result.New);
        await using var vault = _host.Vault();
        var school = (await vault.Students.FirstAsync(s => s.SourcedId!.StartsWith("p-"))).School;
        Assert.StartsWith("org-", school);
    }

    [Fact]
    public async Task An_upload_kept_in_the_data_folder_is_read_like_the_same_file_elsewhere()
    {
        var roster = SyntheticOneRoster.Generate(4, seed: 11);
        var zip = roster.WriteZip(Path.Combine(_host.DirectoryPath, "upload"));
        var plain = SyntheticOneRoster.Generate(2, seed: 12);
        var csv = Path.Combine(_host.DirectoryPath, "upload-plain");
        File.WriteAllText(csv, SyntheticOneRoster.Csv(SyntheticOneRoster.UserColumns, plain.Users.Select(u => Renumbered(u))));
        var garbage = Path.Combine(_host.DirectoryPath, "upload-garbage");
        File.WriteAllBytes(garbage, [1, 2, 3, 4]);

        Assert.Equal(4, (await _host.Import.PreviewAsync(RosterSource.FromUpload(zip, zip: true, new RosterLimits()))).New);
        Assert.Equal(2, (await _host.Import.PreviewAsync(RosterSource.FromUpload(csv, zip: false, new RosterLimits()))).New);
        Assert.Contains("'the upload' is not a readable zip", Assert.Throws<RosterFileException>(() => RosterSource.FromUpload(garbage, zip: true, new RosterLimits())).Message);
    }

    [Fact]
    public void A_path_that_is_not_a_roster_is_refused_with_what_to_pass()
    {
        var missing = Assert.Throws<RosterFileException>(() => RosterSource.FromPath(Path.Combine(_host.DirectoryPath, "none.csv"), new RosterLimits()));
        Assert.Contains("OneRoster directory or .zip", missing.Message);
        var garbage = Path.Combine(_host.DirectoryPath, "broken.zip");
        File.WriteAllBytes(garbage, [1, 2, 3, 4]);
        Assert.Contains("not a readable zip", Assert.Throws<RosterFileException>(() => RosterSource.FromPath(garbage, new RosterLimits())).Message);
        Assert.Contains("no users.csv", Assert.Throws<RosterFileException>(() => RosterSource.FromPath(_host.DirectoryPath, new RosterLimits())).Message);
    }

    private static Dictionary<string, string> Renumbered(Dictionary<string, string> user)
    {
        var copy = new Dictionary<string, string>(user);
        copy["sourcedId"] = "p-" + user["sourcedId"];
        copy["identifier"] = user["identifier"].Length > 0 ? "P" + user["identifier"] : "";
        copy["agentSourcedIds"] = string.Join(',', user["agentSourcedIds"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => "p-" + a));
        return copy;
    }

    /// <summary>A gate rule naming the pupil, then a card: the card's entitlement comes from the pupil's derived right.</summary>
    private async Task<Core.Identifiers.CardToken> GiveCardAsync(string studentNumber)
    {
        string school;
        await using (var vault = _host.Vault())
        {
            school = (await vault.Students.SingleAsync(s => s.StudentNumber == studentNumber)).School;
        }
        await _host.Get<RuleService>().CreateAsync(RuleEditor.System("operator"), new RuleDraft(
            school, ReaderType.Gate, "card holder", RulePopulation.Pupils, null, null, null, RetentionCentral.T0.AddDays(-1), RetentionCentral.T0.AddDays(300), [studentNumber]),
            "gate access for the pupil");
        var token = Support.Roster.RandomToken();
        await _host.Get<EnrollmentService>().ReissueCardAsync(studentNumber, token);
        return token;
    }

    private async Task<bool> HasEntitlementAsync(string pseudonym)
    {
        await using var store = _host.Store();
        return await store.Entitlements.AnyAsync(e => e.Pseudonym == pseudonym);
    }

    private async Task<long> GateVersionAsync()
    {
        await using var store = _host.Store();
        return await store.AllowListVersions.Where(v => v.Purpose == ReaderType.Gate).Select(v => v.Version).SingleOrDefaultAsync();
    }

    private async Task<string> VaultSnapshotAsync()
    {
        await using var vault = _host.Vault();
        var students = await vault.Students.OrderBy(s => s.Id).Select(s => $"{s.SourcedId}|{s.FamilyName}|{s.DeactivatedAt}").ToListAsync();
        var guardians = await vault.Guardians.CountAsync();
        var links = await vault.StudentGuardians.CountAsync();
        return $"{string.Join(';', students)}#{guardians}#{links}";
    }
}

/// <summary>Calls back on the reporting thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<RosterProgress> report) : IProgress<RosterProgress>
{
    public void Report(RosterProgress value) => report(value);
}
