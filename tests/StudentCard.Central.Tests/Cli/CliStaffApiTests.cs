using StudentCard.Central.Audit;
using StudentCard.Central.Cli;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Admin;

namespace StudentCard.Central.Tests.Cli;

/// <summary>
/// The "staff" commands against a running Central: they sign in to its admin API as an operator (password from the
/// environment) and change accounts there, audited in the operator's name; the direct "staff add" refuses while it runs.
/// </summary>
public sealed class CliStaffApiTests : IAsyncLifetime
{
    private const string Operator = "olga";
    private const string School = "Harbour Lyceum";

    private AdminSite _site = null!;
    private string _password = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync();
        _password = await _site.AccountAsync(Operator, StaffRole.Operator);
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunAsAsync(_password, [.. args, "--account", Operator]);

    private async Task<(int Code, string Output, string Error)> RunAsAsync(string password, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var input = new CliInput(name => name == AdminApiClient.PasswordVariable ? password : null, RedirectedInput: null);
        var code = await CentralCli.RunAsync([.. args, "--central", _site.Url], output, error, input);
        return (code, output.ToString(), error.ToString());
    }

    private static string LastLine(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

    [Fact]
    public async Task An_operator_adds_lists_and_changes_an_account_through_the_running_Central()
    {
        var add = await RunAsync("staff", "add", "--user", "sam", "--role", "school-admin", "--school", School, "--reason", "new head teacher");
        Assert.True(add.Code == CliExit.Ok, add.ToString());
        var oneTime = LastLine(add.Output);
        var role = await RunAsync("staff", "set-role", "--user", "sam", "--role", "librarian", "--reason", "moved to the library");
        var school = await RunAsync("staff", "set-school", "--user", "sam", "--school", "Quay School", "--reason", "moved schools");
        var disable = await RunAsync("staff", "disable", "--user", "sam", "--reason", "left the school");
        var list = await RunAsync("staff", "list");
        var enable = await RunAsync("staff", "enable", "--user", "sam", "--reason", "came back");
        var force = await RunAsync("staff", "require-password-change", "--user", "sam", "--reason", "password seen on a note");
        var reset = await RunAsync("staff", "reset-password", "--user", "sam", "--reason", "forgot it");

        foreach (var run in new[] { add, role, school, disable, list, enable, force, reset })
        {
            Assert.True(run.Code == CliExit.Ok, run.ToString());
        }
        Assert.StartsWith("Created school-admin account 'sam'.", add.Output, StringComparison.Ordinal);
        Assert.Contains("'sam' is now a librarian.", role.Output, StringComparison.Ordinal);
        Assert.Contains("sam\tlibrarian\tQuay School disabled", list.Output, StringComparison.Ordinal);
        Assert.Contains("2 accounts.", list.Output, StringComparison.Ordinal);
        var newest = LastLine(reset.Output);
        Assert.NotEqual(oneTime, newest);
        Assert.Equal(SignInStatus.Failed, (await _site.Staff.SignInAsync("sam", oneTime)).Status);
        Assert.Equal(SignInStatus.PasswordExpired, (await _site.Staff.SignInAsync("sam", newest)).Status);
        var changes = (await _site.AllAuditAsync()).Where(e => e.Action == AuditActions.StaffChanged && e.Subject == "staff account sam").ToList();
        Assert.Equal(7, changes.Count);
        Assert.All(changes, e => Assert.Equal(Operator, e.Actor));
        Assert.DoesNotContain(await _site.AllAuditAsync(), e => e.Reason.Contains(newest, StringComparison.Ordinal) || e.Reason.Contains(_password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operator_unlocks_a_locked_out_account()
    {
        var password = await _site.AccountAsync("head", StaffRole.SchoolAdmin, School);
        while ((await _site.Staff.SignInAsync("head", "wrong-guess")).Status != SignInStatus.LockedOut)
        {
        }

        var unlock = await RunAsync("staff", "unlock", "--user", "head", "--reason", "identity checked on the phone");

        Assert.True(unlock.Code == CliExit.Ok, unlock.ToString());
        Assert.Equal("'head' is unlocked.", unlock.Output.Trim());
        Assert.Equal(SignInStatus.Succeeded, (await _site.Staff.SignInAsync("head", password)).Status);
    }

    [Fact]
    public async Task Central_refuses_with_its_reason_exit_1_and_nothing_changes()
    {
        var schoolAdmin = await _site.AccountAsync("sam", StaffRole.SchoolAdmin, School);

        var self = await RunAsync("staff", "disable", "--user", Operator, "--reason", "going on leave");
        var unknown = await RunAsync("staff", "disable", "--user", "nobody", "--reason", "left the school");
        var badSchool = await RunAsync("staff", "set-role", "--user", "sam", "--role", "librarian", "--school", new string('x', 101), "--reason", "new job");
        var notOperator = await RunAsAsync(schoolAdmin, "staff", "disable", "--user", Operator, "--reason", "taking over", "--account", "sam");

        Assert.Equal(CliExit.Failed, self.Code);
        Assert.Contains("Refused: The account cannot be disabled: you are the last enabled operator", self.Error, StringComparison.Ordinal);
        Assert.Equal((CliExit.Failed, "Refused: There is no account 'nobody'. Nothing was changed."), (unknown.Code, unknown.Error.Trim()));
        Assert.Equal(CliExit.Failed, badSchool.Code);
        Assert.Contains("A school or site name is at most 100 characters", badSchool.Error, StringComparison.Ordinal);
        Assert.Equal((CliExit.Failed, "Refused: this account's role gives no staff account changes (operators do). Nothing was changed."), (notOperator.Code, notOperator.Error.Trim()));
        Assert.DoesNotContain(await _site.AllAuditAsync(), e => e.Action == AuditActions.StaffChanged && e.Actor != "test set-up");
        Assert.False((await _site.Staff.FindAsync(Operator))!.Disabled);
        Assert.Equal(StaffRole.SchoolAdmin, (await _site.Staff.FindAsync("sam"))!.Role);
    }

    [Fact]
    public async Task The_direct_add_refuses_while_Central_runs_and_points_at_the_admin_API()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CentralCli.RunAsync(["staff", "add", "--user", "sam", "--role", "dpo", "--data", _site.Central.DataDirectory], output, error);

        Assert.Equal(CliExit.Failed, code);
        Assert.Contains("Central is running", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--account", error.ToString(), StringComparison.Ordinal);
        Assert.Null(await _site.Staff.FindAsync("sam"));
    }
}
