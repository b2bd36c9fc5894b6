using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Cli;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Cli;

/// <summary>
/// "dsr …" through the running Central's admin API as the DPO: the admin page's steps and checks, audited in the DPO's
/// name; "dsr list" read from the store beside it; every other caller refused with nothing changed.
/// </summary>
public sealed class CliDsrTests : IAsyncLifetime
{
    private const string Account = "the-dpo";

    private readonly TempDirectory _directory = new();
    private readonly SyntheticStudent _pupil = SyntheticRoster.Generate(1, seed: 77)[0] with { BirthYear = 2005 };
    private SafetyCentral _central = null!;
    private string _password = null!;

    public async Task InitializeAsync()
    {
        _central = await SafetyCentral.StartAsync(_directory);
        _password = await _central.AccountAsync(Account, StaffRole.Dpo);
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }

    private string File(string name) => Path.Combine(_directory.Path, name);

    private Task<CliRun.Result> RunAsync(params string[] args) => ApiCli.RunAsync(_central.AdminUrl, Account, _password, args);

    private async Task<CliRun.Result> ListAsync(params string[] more)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CentralCli.RunAsync(["dsr", "list", .. more, "--data", _central.DataDirectory, "--keys", _central.KeyFile], output, error);
        return new CliRun.Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Enrolls a pupil with one card and gate, bus and library rights, as the enrollment desk does.</summary>
    private Task EnrollAsync(SyntheticStudent pupil) =>
        _central.Services.EnrollAsync([pupil], Roster.Valid(ReaderType.Gate), Roster.Valid(ReaderType.Bus), Roster.Valid(ReaderType.Library));

    [Fact]
    public async Task A_pupil_is_exported_rectified_and_erased_through_dsr_commands_against_the_running_Central()
    {
        await EnrollAsync(_pupil);

        var open = await RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "access", "--requester", "student");
        Assert.True(open.Code == CliExit.Ok, open.ToString());
        Assert.Contains("Opened request 1 (access)", open.Output);
        var early = await RunAsync("dsr", "export", "1", "--out", File("early.json"));
        Assert.Equal(CliExit.Failed, early.Code);
        Assert.Contains("Request 1's identity verification is not recorded yet", early.Error);
        Assert.Equal(CliExit.Ok, (await RunAsync("dsr", "verify", "1", "--method", "ID card seen at the office")).Code);
        Assert.Equal(CliExit.Ok, (await RunAsync("dsr", "extend", "1", "--days", "20", "--reason", "many requests at the start of term")).Code);
        var tooLong = await RunAsync("dsr", "extend", "1", "--days", "45", "--reason", "more");
        Assert.Equal(CliExit.Failed, tooLong.Code);
        Assert.Contains("1 to 41 more days", tooLong.Error);

        var export = await RunAsync("dsr", "export", "1", "--out", File("copy.json"));
        Assert.True(export.Code == CliExit.Ok, export.ToString());
        Assert.Contains("the free copy of the year", export.Output);
        using (var json = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File("copy.json"))))
        {
            Assert.Equal(_pupil.FamilyName, json.RootElement.GetProperty("identity").GetProperty("familyName").GetString());
            Assert.Equal(3, json.RootElement.GetProperty("purposes").GetArrayLength());
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File("copy.json")));
        }
        var twice = await RunAsync("dsr", "export", "1", "--out", File("copy.json"));
        Assert.Equal(CliExit.Failed, twice.Code);

        await RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "rectification", "--requester", "student");
        await RunAsync("dsr", "verify", "2", "--method", "ID card");
        var rectify = await RunAsync("dsr", "rectify", "2", "--class", "9Z");
        Assert.Contains("rectified: class", rectify.Output);
        Assert.Equal(CliExit.Ok, (await RunAsync("dsr", "notify", "2", "--channel", "letter")).Code);

        await RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "portability", "--requester", "student");
        var refuse = await RunAsync("dsr", "refuse", "3", "--reason", "repeated: a copy was given this month", "--confirm", "3");
        Assert.Equal(CliExit.Ok, refuse.Code);

        await RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "erasure", "--requester", "student");
        await RunAsync("dsr", "verify", "4", "--method", "ID card");
        var unconfirmed = await RunAsync("dsr", "erase", "4", "--confirm", "3");
        Assert.Equal((CliExit.Failed, "Refused: Type the request number (4) in the confirmation field to erase."), (unconfirmed.Code, unconfirmed.Error.Trim()));
        var erase = await RunAsync("dsr", "erase", "4", "--confirm", "4");
        Assert.True(erase.Code == CliExit.Ok, erase.ToString());
        Assert.Contains("erased 1 cards, 3 grants", erase.Output);
        Assert.Contains("Kept by law:", erase.Output);
        Assert.DoesNotContain(_pupil.FamilyName, erase.Output + erase.Error);

        var list = await ListAsync();
        Assert.Contains("4\terasure\tstudent\tcompleted", list.Output);
        Assert.DoesNotContain("\naccess", list.Output);
        var all = await ListAsync("--all");
        Assert.Contains("4 requests.", all.Output);
        Assert.Contains("3\tportability\tstudent\trefused", all.Output);

        var gone = await RunAsync("dsr", "open", "--student", _pupil.StudentNumber, "--kind", "access", "--requester", "student");
        Assert.Equal(CliExit.Failed, gone.Code);
        Assert.Contains("No pupil with this student number", gone.Error);
        var steps = await _central.AuditAsync(AuditActions.SubjectRequest);
        Assert.Contains(steps, e => e.Actor == Account && e.Subject == "subject request 4" && e.Reason == "erasure carried out through the admin API");
    }

    [Fact]
    public async Task Restriction_and_objection_work_from_the_command_line_and_a_young_pupils_own_request_is_refused()
    {
        var young = SyntheticRoster.Generate(1, seed: 78)[0] with { BirthYear = 2011 };
        await EnrollAsync(young);

        var refused = await RunAsync("dsr", "open", "--student", young.StudentNumber, "--kind", "restriction", "--requester", "student");
        var guardian = await RunAsync("dsr", "open", "--student", young.StudentNumber, "--kind", "restriction", "--requester", "guardian");

        Assert.Equal(CliExit.Failed, refused.Code);
        Assert.Contains("a guardian acts for them (requester guardian)", refused.Error);
        Assert.True(guardian.Code == CliExit.Ok, guardian.ToString());
        await RunAsync("dsr", "verify", "1", "--method", "ID card");
        Assert.Contains("3 entitlements suspended", (await RunAsync("dsr", "restrict", "1")).Output);
        Assert.Contains("restriction lifted, 3 entitlements restored", (await RunAsync("dsr", "restrict", "1", "--lift")).Output);

        var noPurpose = await RunAsync("dsr", "open", "--student", young.StudentNumber, "--kind", "objection", "--requester", "guardian");
        Assert.Contains("names the purpose objected to", noPurpose.Error);
        await RunAsync("dsr", "open", "--student", young.StudentNumber, "--kind", "objection", "--requester", "guardian", "--purpose", "library");
        await RunAsync("dsr", "verify", "2", "--method", "ID card");
        Assert.Contains("objection to library upheld", (await RunAsync("dsr", "object", "2", "--confirm", "2")).Output);
        var wrongKind = await RunAsync("dsr", "erase", "2", "--confirm", "2");
        Assert.Contains("is an objection request", wrongKind.Error);
        var unknown = await RunAsync("dsr", "notify", "99", "--channel", "letter");
        Assert.Contains("There is no request 99", unknown.Error);
    }

    [Theory]
    [InlineData(StaffRole.Operator, null)]
    [InlineData(StaffRole.SchoolAdmin, "Northfield Primary")]
    public async Task An_account_whose_role_gives_no_data_subject_requests_is_refused_and_nothing_changes(StaffRole role, string? school)
    {
        await EnrollAsync(_pupil);
        var password = await _central.AccountAsync("not-the-dpo", role, school);

        var result = await ApiCli.RunAsync(_central.AdminUrl, "not-the-dpo", password, "dsr", "open", "--student", _pupil.StudentNumber, "--kind", "access", "--requester", "student");

        Assert.Equal((CliExit.Failed, "Refused: this account's role gives no data-subject requests (the DPO does). Nothing was changed."), (result.Code, result.Error.Trim()));
        Assert.Empty(await _central.Services.GetRequiredService<SubjectRequests>().ListAsync(openOnly: false));
    }

    [Fact]
    public async Task A_wrong_password_or_a_stopped_Central_is_refused_and_nothing_changes()
    {
        await EnrollAsync(_pupil);

        var wrong = await ApiCli.RunAsync(_central.AdminUrl, Account, "not-the-password", "dsr", "open", "--student", _pupil.StudentNumber, "--kind", "access", "--requester", "student");
        var url = ApiCli.Unreachable();
        var stopped = await ApiCli.RunAsync(url, Account, _password, "dsr", "open", "--student", _pupil.StudentNumber, "--kind", "access", "--requester", "student");

        Assert.Equal((CliExit.Failed, "Sign-in refused: The user name or password is not right. Nothing was changed."), (wrong.Code, wrong.Error.Trim()));
        Assert.Equal(CliExit.Failed, stopped.Code);
        Assert.StartsWith($"Central is not running at {url}/", stopped.Error, StringComparison.Ordinal);
        Assert.Empty(await _central.Services.GetRequiredService<SubjectRequests>().ListAsync(openOnly: false));
    }

    [Fact]
    public async Task The_api_takes_json_only_and_a_form_post_changes_nothing()
    {
        await EnrollAsync(_pupil);
        using var client = new AdminClient(_central.AdminUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(Account, _password)).StatusCode);
        using var form = new HttpRequestMessage(HttpMethod.Post, DsrRoutes.Requests)
        {
            Content = new StringContent($"student={_pupil.StudentNumber}&kind=access&requester=student", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        using var response = await client.SendAsync(form);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(await _central.Services.GetRequiredService<SubjectRequests>().ListAsync(openOnly: false));
    }
}
