using StudentCard.Core;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using StudentCard.Central.Cli;
using StudentCard.Central.Safety;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Tests.Cli;

/// <summary>
/// The "lockdown" command line against a running Central over its own data directory: it signs in to the admin API on the
/// real admin port as a school admin (password from the environment or standard input) and gives the command there.
/// </summary>
public sealed class CliLockdownTests : IAsyncLifetime
{
    private const string Account = "north-admin";

    private readonly TempDirectory _directory = new();
    private SafetyCentral _central = null!;
    private string _password = null!;

    public async Task InitializeAsync()
    {
        _central = await SafetyCentral.StartAsync(_directory, SafetyCentral.SchoolSites);
        await _central.EnrollAsync();
        _password = await _central.AccountAsync(Account, StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Runs a command line against this Central's admin UI with the account's password in STUDENTCARD_PASSWORD.</summary>
    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) =>
        RunWithAsync(Environment(_password), [.. args, "--central", _central.AdminUrl]);

    private static CliInput Environment(string password) =>
        new(name => name == AdminApiClient.PasswordVariable ? password : null, RedirectedInput: null);

    private static async Task<(int Code, string Output, string Error)> RunWithAsync(CliInput input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CentralCli.RunAsync(args, output, error, input);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Start_evacuate_and_lift_change_the_sites_mode_through_the_running_Central()
    {
        var pupils = SafetyCentral.Pupils;

        var start = await RunAsync("lockdown", "start", "--site", "north", "--override", $"{pupils[0].StudentNumber},{pupils[1].StudentNumber}", "--reason", "intruder", "--account", Account);
        var afterStart = Assert.Single(await _central.StoredAsync());
        var evacuate = await RunAsync("lockdown", "evacuate", "--site", "north", "--reason", "fire alarm", "--account", Account);
        var afterEvacuate = Assert.Single(await _central.StoredAsync());
        var lift = await RunAsync("lockdown", "lift", "--site", "north", "--reason", "all clear", "--account", Account);
        var afterLift = Assert.Single(await _central.StoredAsync());

        Assert.Equal((0, ""), (start.Code, start.Error));
        Assert.Contains($"Site north is in lockdown mode (sequence {afterStart.Sequence}, 2 override pseudonyms).", start.Output, StringComparison.Ordinal);
        Assert.Contains("Sent to the site's gate readers.", start.Output, StringComparison.Ordinal);
        Assert.Equal(SafetyMode.Lockdown, afterStart.Mode);
        Assert.Equal((0, SafetyMode.Evacuation), (evacuate.Code, afterEvacuate.Mode));
        Assert.Equal((0, SafetyMode.Normal), (lift.Code, afterLift.Mode));
        Assert.Equal([Account, Account, Account], (await _central.AuditAsync()).Select(e => e.Actor));
    }

    [Fact]
    public async Task A_command_Central_refuses_says_why_exits_1_and_changes_nothing()
    {
        var unknown = await RunAsync("lockdown", "start", "--site", "north", "--override", "S-9999", "--reason", "intruder", "--account", Account);

        Assert.Equal((CliExit.Failed, "Refused: Override entry 1 of 1 is not an enrolled student number; nothing was sent."), (unknown.Code, unknown.Error.Trim()));
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Theory]
    [InlineData("North")]
    [InlineData("-north")]
    [InlineData("north site")]
    [InlineData("")]
    public async Task A_malformed_site_name_is_refused_by_the_parser_before_Central_is_asked(string site)
    {
        var result = await RunAsync("lockdown", "evacuate", "--site", site, "--reason", "fire", "--account", Account);

        Assert.Equal(CliExit.Usage, result.Code);
        Assert.Contains($"'{site}' is not a site name: 1-64 of a-z, 0-9 and '-'", result.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'central lockdown evacuate --help' for usage.", result.Error, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Theory]
    [InlineData("lockdown")]
    [InlineData("lockdown", "stop", "--site", "north", "--reason", "r", "--account", "a")]
    [InlineData("lockdown", "start", "--site", "north", "--reason", "r")]
    [InlineData("lockdown", "start", "--site", "north", "--account", "a")]
    [InlineData("lockdown", "lift", "--site", "north", "--reason", "r", "--account", "a", "--actor", "head-teacher")]
    [InlineData("lockdown", "lift", "--site", "north", "--reason", "r", "--account", "a", "--password", "secret")]
    [InlineData("lockdown", "start", "--site", "north", "--reason", " ", "--account", "a")]
    [InlineData("lockdown", "lift", "--site", "north", "--reason", "r", "--account", "a", "--override", "S-0001")]
    [InlineData("lockdown", "evacuate", "--site", "north", "--reason", "r", "--account", "a", "--override", "S-0001")]
    [InlineData("lockdown", "start", "--site", "north", "--site", "south", "--reason", "r", "--account", "a")]
    [InlineData("lockdown", "start", "--site")]
    [InlineData("lockdown", "lift", "--site", "north", "--reason", "r", "--account", "a", "stray")]
    public async Task Wrong_arguments_say_what_is_wrong_point_to_the_help_and_exit_2(params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(CliExit.Usage, result.Code);
        Assert.Contains("--help' for usage.", result.Error, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
    }

    [Fact]
    public async Task A_central_address_that_is_no_http_url_is_a_usage_error()
    {
        var result = await CliRun.RunBareAsync("lockdown", "lift", "--site", "north", "--reason", "r", "--account", "a", "--central", "127.0.0.1:5080");

        Assert.Equal(CliExit.Usage, result.Code);
        Assert.Contains("--central must be an absolute http or https URL", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lockdown --help", "evacuate")]
    [InlineData("lockdown start --help", "--override")]
    [InlineData("lockdown lift --help", "--central")]
    public async Task Help_lists_the_lockdown_commands_and_options(string commandLine, string expected)
    {
        var result = await CliRun.RunBareAsync(commandLine.Split(' '));

        Assert.Equal(CliExit.Ok, result.Code);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_Central_is_reported_and_exits_1()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var result = await RunWithAsync(Environment(_password), "lockdown", "lift", "--site", "north", "--reason", "r", "--account", Account, "--central", $"http://127.0.0.1:{port}");

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.StartsWith($"Central is not running at http://127.0.0.1:{port}/", result.Error, StringComparison.Ordinal);
        Assert.Contains(": start it, then run this again", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Account, "not-the-password")]
    [InlineData("nobody-here", "not-the-password")]
    public async Task A_wrong_account_or_password_is_refused_without_saying_which_and_nothing_changes(string account, string password)
    {
        var result = await RunWithAsync(Environment(password), "lockdown", "start", "--site", "north", "--reason", "intruder", "--account", account, "--central", _central.AdminUrl);

        Assert.Equal((CliExit.Failed, "", "Sign-in refused: The user name or password is not right. Nothing was changed."), (result.Code, result.Output, result.Error.Trim()));
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Fact]
    public async Task Sign_ins_past_the_per_address_limit_are_refused_even_with_the_right_password_and_nothing_changes()
    {
        using var directory = new TempDirectory();
        await using var central = await SafetyCentral.StartAsync(directory, [.. SafetyCentral.SchoolSites, "--SignInLimits:StaffAttemptsPerAddress=2"]);
        var password = await central.AccountAsync(Account, StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
        string[] evacuate = ["lockdown", "evacuate", "--site", "north", "--reason", "fire alarm", "--account", Account, "--central", central.AdminUrl];

        var guesses = new[] { await RunWithAsync(Environment("guess-1"), evacuate), await RunWithAsync(Environment("guess-2"), evacuate) };
        var rightful = await RunWithAsync(Environment(password), evacuate);

        Assert.All(guesses, guess => Assert.Equal("Sign-in refused: The user name or password is not right. Nothing was changed.", guess.Error.Trim()));
        Assert.Equal(CliExit.Failed, rightful.Code);
        Assert.StartsWith("Sign-in refused: Too many sign-in attempts; try again in ", rightful.Error, StringComparison.Ordinal);
        Assert.Empty(await central.StoredAsync());
        Assert.Empty(await central.AuditAsync());
    }

    [Fact]
    public async Task A_school_admin_of_another_school_is_refused_and_nothing_changes()
    {
        var password = await _central.AccountAsync("west-admin", StaffRole.SchoolAdmin, SafetyCentral.WestSchool);

        var result = await RunWithAsync(Environment(password), "lockdown", "evacuate", "--site", "north", "--reason", "fire alarm", "--account", "west-admin", "--central", _central.AdminUrl);

        Assert.Equal((CliExit.Failed, "Refused: Site 'north' is not a site of your school; yours: west. Nothing was changed."), (result.Code, result.Error.Trim()));
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Fact]
    public async Task An_account_whose_role_gives_no_safety_commands_is_refused_and_nothing_changes()
    {
        var password = await _central.AccountAsync("the-operator", StaffRole.Operator);

        var result = await RunWithAsync(Environment(password), "lockdown", "evacuate", "--site", "north", "--reason", "fire alarm", "--account", "the-operator", "--central", _central.AdminUrl);

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.StartsWith("Refused: this account's role gives no safety commands", result.Error, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
    }

    [Fact]
    public async Task The_password_may_come_on_standard_input_and_the_environment_wins_over_it()
    {
        var fromInput = await RunWithAsync(new CliInput(_ => null, new StringReader(_password + "\n")),
            "lockdown", "evacuate", "--site", "north", "--reason", "fire alarm", "--account", Account, "--central", _central.AdminUrl);
        var fromEnvironment = await RunWithAsync(new CliInput(Environment(_password).Environment, new StringReader("not-the-password\n")),
            "lockdown", "lift", "--site", "north", "--reason", "all clear", "--account", Account, "--central", _central.AdminUrl);

        Assert.Equal((CliExit.Ok, ""), (fromInput.Code, fromInput.Error));
        Assert.Equal((CliExit.Ok, ""), (fromEnvironment.Code, fromEnvironment.Error));
        Assert.Equal([Account, Account], (await _central.AuditAsync()).Select(e => e.Actor));
    }

    [Fact]
    public async Task Without_a_password_nothing_is_sent()
    {
        var result = await RunWithAsync(new CliInput(_ => null, RedirectedInput: null),
            "lockdown", "evacuate", "--site", "north", "--reason", "fire alarm", "--account", Account, "--central", _central.AdminUrl);

        Assert.Equal((CliExit.Failed, $"No password: set {AdminApiClient.PasswordVariable} or pass it on standard input (never as an argument). Nothing was sent."), (result.Code, result.Error.Trim()));
        Assert.Empty(await _central.AuditAsync());
    }

    [Fact]
    public async Task The_readers_port_is_not_the_admin_api_and_is_named_as_such()
    {
        var result = await RunWithAsync(Environment(_password), "lockdown", "evacuate", "--site", "north", "--reason", "fire alarm", "--account", Account, "--central", _central.Endpoints.GrpcUrl);

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("--central must be Central's admin UI address", result.Error, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
    }
}
