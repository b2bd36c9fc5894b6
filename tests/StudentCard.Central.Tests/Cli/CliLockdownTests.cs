using StudentCard.Core;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using StudentCard.Central.Cli;
using StudentCard.Central.Safety;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Tests.Cli;

/// <summary>The "lockdown" command line against a running Central over its own data directory, through its HTTP command on the real port.</summary>
public sealed class CliLockdownTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private SafetyCentral _central = null!;

    public async Task InitializeAsync()
    {
        _central = await SafetyCentral.StartAsync(_directory);
        await _central.EnrollAsync();
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CentralCli.RunAsync([.. args, "--central", _central.Endpoints.GrpcUrl], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Start_evacuate_and_lift_change_the_sites_mode_through_the_running_Central()
    {
        var pupils = SafetyCentral.Pupils;

        var start = await RunAsync("lockdown", "start", "--site", "north", "--override", $"{pupils[0].StudentNumber},{pupils[1].StudentNumber}", "--reason", "intruder", "--actor", "head-teacher");
        var afterStart = Assert.Single(await _central.StoredAsync());
        var evacuate = await RunAsync("lockdown", "evacuate", "--site", "north", "--reason", "fire alarm", "--actor", "head-teacher");
        var afterEvacuate = Assert.Single(await _central.StoredAsync());
        var lift = await RunAsync("lockdown", "lift", "--site", "north", "--reason", "all clear", "--actor", "head-teacher");
        var afterLift = Assert.Single(await _central.StoredAsync());

        Assert.Equal((0, ""), (start.Code, start.Error));
        Assert.Contains($"Site north is in lockdown mode (sequence {afterStart.Sequence}, 2 override pseudonyms).", start.Output, StringComparison.Ordinal);
        Assert.Contains("Sent to the site's gate readers.", start.Output, StringComparison.Ordinal);
        Assert.Equal(SafetyMode.Lockdown, afterStart.Mode);
        Assert.Equal((0, SafetyMode.Evacuation), (evacuate.Code, afterEvacuate.Mode));
        Assert.Equal((0, SafetyMode.Normal), (lift.Code, afterLift.Mode));
        Assert.Equal(["head-teacher", "head-teacher", "head-teacher"], (await _central.AuditAsync()).Select(e => e.Actor));
    }

    [Fact]
    public async Task A_command_Central_refuses_says_why_exits_1_and_changes_nothing()
    {
        var unknown = await RunAsync("lockdown", "start", "--site", "north", "--override", "S-9999", "--reason", "intruder", "--actor", "head-teacher");

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
        var result = await RunAsync("lockdown", "evacuate", "--site", site, "--reason", "fire", "--actor", "head-teacher");

        Assert.Equal(CliExit.Usage, result.Code);
        Assert.Contains($"'{site}' is not a site name: 1-64 of a-z, 0-9 and '-'", result.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'central lockdown evacuate --help' for usage.", result.Error, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Theory]
    [InlineData("lockdown")]
    [InlineData("lockdown", "stop", "--site", "north", "--reason", "r", "--actor", "a")]
    [InlineData("lockdown", "start", "--site", "north", "--reason", "r")]
    [InlineData("lockdown", "start", "--site", "north", "--actor", "a")]
    [InlineData("lockdown", "start", "--site", "north", "--reason", " ", "--actor", "a")]
    [InlineData("lockdown", "lift", "--site", "north", "--reason", "r", "--actor", "a", "--override", "S-0001")]
    [InlineData("lockdown", "evacuate", "--site", "north", "--reason", "r", "--actor", "a", "--override", "S-0001")]
    [InlineData("lockdown", "start", "--site", "north", "--site", "south", "--reason", "r", "--actor", "a")]
    [InlineData("lockdown", "start", "--site")]
    [InlineData("lockdown", "lift", "--site", "north", "--reason", "r", "--actor", "a", "stray")]
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
        var result = await CliRun.RunBareAsync("lockdown", "lift", "--site", "north", "--reason", "r", "--actor", "a", "--central", "127.0.0.1:5080");

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
        var result = await CliRun.RunBareAsync("lockdown", "lift", "--site", "north", "--reason", "r", "--actor", "a", "--central", $"http://127.0.0.1:{port}");

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.StartsWith($"Could not reach Central at http://127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent.", result.Error, StringComparison.Ordinal);
    }
}
