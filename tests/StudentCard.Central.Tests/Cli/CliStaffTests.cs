using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin;
using StudentCard.Central.Cli;
using StudentCard.Central.SignInLimits;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Tests.Cli;

/// <summary>"staff add" and "staff list" against a data directory's real staff store.</summary>
public sealed class CliStaffTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("school-admin", "Harbour Lyceum", StaffRole.SchoolAdmin)]
    [InlineData("transport-admin", null, StaffRole.TransportAdmin)]
    [InlineData("librarian", null, StaffRole.Librarian)]
    [InlineData("dpo", null, StaffRole.Dpo)]
    [InlineData("operator", null, StaffRole.Operator)]
    [InlineData("DPO", null, StaffRole.Dpo)]
    public async Task Add_creates_an_account_of_each_role_whose_printed_password_signs_in_once_and_must_be_changed(string role, string? school, StaffRole expected)
    {
        string[] args = school is null
            ? ["staff", "add", "--user", "kim", "--role", role, "--name", "Kim Example"]
            : ["staff", "add", "--user", "kim", "--role", role, "--name", "Kim Example", "--school", school];

        var result = await _cli.RunAsync(args);

        Assert.True(result.Code == CliExit.Ok, result.ToString());
        Assert.StartsWith($"Created {expected.Name()} account 'kim'.", result.Output, StringComparison.Ordinal);
        var password = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        var staff = Staff();
        var signIn = await staff.SignInAsync("kim", password);
        Assert.Equal(SignInStatus.PasswordExpired, signIn.Status);
        Assert.Equal((expected, school, "Kim Example"), (signIn.Account!.Role, signIn.Account.Scope, signIn.Account.DisplayName));
        Assert.Equal(SignInStatus.Failed, (await staff.SignInAsync("kim", password + "x")).Status);
    }

    [Fact]
    public async Task List_shows_each_account_with_role_and_school_and_never_a_password_or_hash()
    {
        var sam = await _cli.RunAsync("staff", "add", "--user", "sam", "--role", "school-admin", "--school", "Harbour Lyceum");
        var dora = await _cli.RunAsync("staff", "add", "--user", "dora", "--role", "dpo");

        var list = await _cli.RunAsync("staff", "list");

        Assert.Equal((CliExit.Ok, CliExit.Ok, CliExit.Ok), (sam.Code, dora.Code, list.Code));
        Assert.Equal(["dora\tdpo\t-", "sam\tschool-admin\tHarbour Lyceum", "2 accounts."], list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var password = sam.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.DoesNotContain(password, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_user_is_refused_with_exit_1_and_the_first_account_is_kept()
    {
        var first = await _cli.RunAsync("staff", "add", "--user", "sam", "--role", "dpo");
        var second = await _cli.RunAsync("staff", "add", "--user", "sam", "--role", "operator");

        Assert.Equal(CliExit.Ok, first.Code);
        Assert.Equal(CliExit.Failed, second.Code);
        Assert.Contains("An account 'sam' already exists.", second.Error, StringComparison.Ordinal);
        Assert.Empty(second.Output);
        Assert.Equal(StaffRole.Dpo, (await Staff().FindAsync("sam"))!.Role);
    }

    [Theory]
    [InlineData("staff add --user sam --role janitor", "'janitor' is not a staff role; use one of: school-admin, transport-admin, librarian, dpo, operator.")]
    [InlineData("staff add --user sam --role school-admin", "A school-admin account acts for one school: give --school")]
    [InlineData("staff add --user sam", "Option '--role' is required.")]
    [InlineData("staff add --role dpo", "Option '--user' is required.")]
    [InlineData("staff add --user sam --role dpo stray", "Unrecognized command or argument 'stray'.")]
    [InlineData("staff remove --user sam", "Unrecognized command or argument 'remove'.")]
    [InlineData("staff", "Required command was not provided.")]
    public async Task A_wrong_command_line_names_the_problem_exits_2_and_creates_nothing(string commandLine, string message)
    {
        var result = await _cli.RunAsync(commandLine.Split(' '));

        Assert.True(result.Code == CliExit.Usage, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDirectory, StaffDbContext.FileName)));
    }

    [Fact]
    public async Task A_user_name_the_directory_refuses_exits_1_with_the_rule()
    {
        var result = await _cli.RunAsync("staff", "add", "--user", "x", "--role", "dpo");

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("A user name is 3 to 64 characters", result.Error, StringComparison.Ordinal);
        Assert.Empty(await Staff().ListAsync());
    }

    [Theory]
    [InlineData("staff list")]
    [InlineData("staff add --user sam --role dpo")]
    public async Task A_missing_data_directory_is_named_and_not_created(string commandLine)
    {
        var nowhere = _cli.File("nowhere");

        var result = await CliRun.RunBareAsync([.. commandLine.Split(' '), "--data", nowhere]);

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains($"No Central data directory at '{nowhere}'; pass --data with Central:DataDirectory", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(nowhere));
    }

    [Fact]
    public async Task A_damaged_staff_store_is_named_with_what_to_do_and_left_as_it_was()
    {
        var path = Path.Combine(_cli.DataDirectory, StaffDbContext.FileName);
        await File.WriteAllTextAsync(path, "this is not a database, it is a note left by mistake");

        var result = await _cli.RunAsync("staff", "list");

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains($"The store file '{path}' is damaged or is not one of Central's stores", result.Error, StringComparison.Ordinal);
        Assert.Contains("restore the file from the latest backup", result.Error, StringComparison.Ordinal);
        Assert.Equal("this is not a database, it is a note left by mistake", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Help_names_the_roles()
    {
        var result = await CliRun.RunBareAsync("staff", "add", "--help");

        Assert.Equal(CliExit.Ok, result.Code);
        Assert.Contains("school-admin, transport-admin, librarian, dpo, operator", result.Output, StringComparison.Ordinal);
    }

    private StaffDirectory Staff() => StudentCard.Central.Tests.Staff.StaffStore.Open(_cli.DataDirectory);
}
