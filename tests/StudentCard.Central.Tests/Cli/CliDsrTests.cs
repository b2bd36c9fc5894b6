using System.Text.Json;
using StudentCard.Central.Cli;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Cli;

public sealed class CliDsrTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly SyntheticStudent _pupil = SyntheticRoster.Generate(1, seed: 77)[0] with { BirthYear = 2005 };

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_pupil_enrolled_on_the_command_line_is_exported_rectified_and_erased_through_dsr_commands()
    {
        await EnrollAsync();

        var open = await _cli.RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "access", "--requester", "student");
        Assert.True(open.Code == CliExit.Ok, open.ToString());
        Assert.Contains("Opened request 1 (access)", open.Output);
        var early = await _cli.RunAsync("dsr", "export", "1", "--out", _cli.File("early.json"));
        Assert.Equal(CliExit.Failed, early.Code);
        Assert.Contains("run dsr verify first", early.Error);
        Assert.Equal(CliExit.Ok, (await _cli.RunAsync("dsr", "verify", "1", "--method", "ID card seen at the office", "--by", "dpo")).Code);
        Assert.Equal(CliExit.Ok, (await _cli.RunAsync("dsr", "extend", "1", "--days", "20", "--reason", "many requests at the start of term")).Code);
        var tooLong = await _cli.RunAsync("dsr", "extend", "1", "--days", "45", "--reason", "more");
        Assert.Equal(CliExit.Failed, tooLong.Code);
        Assert.Contains("1 to 41 more days", tooLong.Error);

        var export = await _cli.RunAsync("dsr", "export", "1", "--out", _cli.File("copy.json"));
        Assert.True(export.Code == CliExit.Ok, export.ToString());
        Assert.Contains("the free copy of the year", export.Output);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(_cli.File("copy.json"))))
        {
            Assert.Equal(_pupil.FamilyName, json.RootElement.GetProperty("identity").GetProperty("familyName").GetString());
            Assert.Equal(3, json.RootElement.GetProperty("purposes").GetArrayLength());
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.File("copy.json")));
        }
        var twice = await _cli.RunAsync("dsr", "export", "1", "--out", _cli.File("copy.json"));
        Assert.Equal(CliExit.Failed, twice.Code);

        await _cli.RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "rectification", "--requester", "student");
        await _cli.RunAsync("dsr", "verify", "2", "--method", "ID card", "--by", "dpo");
        var rectify = await _cli.RunAsync("dsr", "rectify", "2", "--class", "9Z");
        Assert.Contains("rectified: class", rectify.Output);
        Assert.Equal(CliExit.Ok, (await _cli.RunAsync("dsr", "notify", "2", "--channel", "letter")).Code);

        await _cli.RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "portability", "--requester", "student");
        var refuse = await _cli.RunAsync("dsr", "refuse", "3", "--reason", "repeated: a copy was given this month");
        Assert.Equal(CliExit.Ok, refuse.Code);

        await _cli.RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "erasure", "--requester", "student");
        await _cli.RunAsync("dsr", "verify", "4", "--method", "ID card", "--by", "dpo");
        var erase = await _cli.RunAsync("dsr", "erase", "4");
        Assert.True(erase.Code == CliExit.Ok, erase.ToString());
        Assert.Contains("erased 1 cards, 3 grants", erase.Output);
        Assert.Contains("Kept by law:", erase.Output);
        Assert.DoesNotContain(_pupil.FamilyName, erase.Output + erase.Error);

        var list = await _cli.RunAsync("dsr", "list");
        Assert.Contains("4\terasure\tstudent\tcompleted", list.Output);
        Assert.DoesNotContain("\naccess", list.Output);
        var all = await _cli.RunAsync("dsr", "list", "--all");
        Assert.Contains("4 requests.", all.Output);
        Assert.Contains("3\tportability\tstudent\trefused", all.Output);

        var gone = await _cli.RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "access", "--requester", "student");
        Assert.Equal(CliExit.Failed, gone.Code);
        Assert.Contains("No pupil with this student number", gone.Error);
    }

    [Fact]
    public async Task Restriction_objection_and_the_consent_setting_work_from_the_command_line()
    {
        var young = SyntheticRoster.Generate(1, seed: 78)[0] with { BirthYear = 2011 };
        await EnrollAsync(young);

        var refused = await _cli.RunAsync("dsr", "open", "--student", young.StudentNumber, "--kind", "restriction", "--requester", "student");
        var bulgaria = await _cli.RunAsync("dsr", "open", "--student", young.StudentNumber, "--kind", "restriction", "--requester", "student", "--DataSubjects:Country=BG");

        Assert.Equal(CliExit.Failed, refused.Code);
        Assert.Contains("a guardian acts for them (requester guardian)", refused.Error);
        Assert.True(bulgaria.Code == CliExit.Ok, bulgaria.ToString());
        await _cli.RunAsync("dsr", "verify", "1", "--method", "ID card", "--by", "dpo");
        Assert.Contains("3 entitlements suspended", (await _cli.RunAsync("dsr", "restrict", "1")).Output);
        Assert.Contains("restriction lifted, 3 entitlements restored", (await _cli.RunAsync("dsr", "restrict", "1", "--lift")).Output);

        var noPurpose = await _cli.RunAsync("dsr", "open", "--student", young.StudentNumber, "--kind", "objection", "--requester", "guardian");
        Assert.Contains("names the purpose objected to", noPurpose.Error);
        await _cli.RunAsync("dsr", "open", "--student", young.StudentNumber, "--kind", "objection", "--requester", "guardian", "--purpose", "library");
        await _cli.RunAsync("dsr", "verify", "2", "--method", "ID card", "--by", "dpo");
        Assert.Contains("objection to library upheld", (await _cli.RunAsync("dsr", "object", "2")).Output);
        var wrongKind = await _cli.RunAsync("dsr", "erase", "2");
        Assert.Contains("is an objection request", wrongKind.Error);
        var unknown = await _cli.RunAsync("dsr", "notify", "99", "--channel", "letter");
        Assert.Contains("There is no request 99", unknown.Error);
    }

    private Task EnrollAsync(SyntheticStudent? pupil = null) => _cli.EnrollAsync(pupil ?? _pupil);
}
