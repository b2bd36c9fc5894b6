using StudentCard.Core;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using StudentCard.Central.Cli;
using StudentCard.Central.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Tests.Safety;

/// <summary>The "lockdown" command line against a running Central, through its HTTP command on the real port.</summary>
public sealed class LockdownCommandTests : IAsyncLifetime
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
        var code = await LockdownCommands.RunAsync([.. args, "--central", _central.Endpoints.GrpcUrl], output, error);
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
    public async Task A_refused_command_says_why_exits_1_and_changes_nothing()
    {
        var unknown = await RunAsync("lockdown", "start", "--site", "north", "--override", "S-9999", "--reason", "intruder", "--actor", "head-teacher");
        var badSite = await RunAsync("lockdown", "evacuate", "--site", "North", "--reason", "fire", "--actor", "head-teacher");

        Assert.Equal((1, "Refused: Override entry 1 of 1 is not an enrolled student number; nothing was sent."), (unknown.Code, unknown.Error.Trim()));
        Assert.Equal(1, badSite.Code);
        Assert.StartsWith("Refused: The site must be", badSite.Error, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Theory]
    [InlineData("lockdown")]
    [InlineData("lockdown", "stop", "--site", "north", "--reason", "r", "--actor", "a")]
    [InlineData("lockdown", "start", "--site", "north", "--reason", "r")]
    [InlineData("lockdown", "lift", "--site", "north", "--reason", "r", "--actor", "a", "--override", "S-0001")]
    [InlineData("lockdown", "start", "--site", "north", "--site", "south", "--reason", "r", "--actor", "a")]
    [InlineData("lockdown", "start", "--site")]
    public async Task Wrong_arguments_print_the_usage_and_exit_2(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await LockdownCommands.RunAsync(args, output, error);

        Assert.Equal(2, code);
        Assert.Contains("usage: lockdown start --site S", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
    }

    [Fact]
    public async Task An_unreachable_Central_is_reported_and_exits_1()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await LockdownCommands.RunAsync(["lockdown", "lift", "--site", "north", "--reason", "r", "--actor", "a", "--central", $"http://127.0.0.1:{port}"], output, error);

        Assert.Equal(1, code);
        Assert.StartsWith($"Could not reach Central at http://127.0.0.1:{port}", error.ToString(), StringComparison.Ordinal);
    }
}
