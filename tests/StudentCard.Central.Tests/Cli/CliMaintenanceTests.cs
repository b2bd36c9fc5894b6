using StudentCard.Central.Cli;
using StudentCard.Central.Hosting;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;

namespace StudentCard.Central.Tests.Cli;

/// <summary>
/// The maintenance commands that write Central's files directly run only while Central is stopped: a running Central
/// holds its data directory's lock, and they refuse, changing nothing; reads run beside it.
/// </summary>
public sealed class CliMaintenanceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task<CliRun.Result> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CentralCli.RunAsync(args, output, error);
        return new CliRun.Result(code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task While_Central_runs_maintenance_commands_are_refused_and_change_nothing_and_reads_still_run()
    {
        string data;
        string keys;
        await using (var central = await SafetyCentral.StartAsync(_directory))
        {
            data = central.DataDirectory;
            keys = central.KeyFile;
            var keyFile = await File.ReadAllTextAsync(keys);
            var running = $"Central is running (it holds '{CentralLock.PathIn(data)}'); stop it first, then run this again. Nothing was changed.";

            var staff = await RunAsync("staff", "add", "--user", "second-operator", "--role", "operator", "--data", data);
            var rotate = await RunAsync("keys", "rotate", "--type", "gate", "--data", data, "--keys", keys);
            var generate = await RunAsync("keys", "generate", "--out", Path.Combine(data, "new-keys.json"));
            var list = await RunAsync("staff", "list", "--data", data);
            var readers = await RunAsync("readers", "list", "--data", data, "--keys", keys);

            Assert.Equal((CliExit.Failed, $"Central is running (it holds '{CentralLock.PathIn(data)}'): add the account through it with --account and an operator's sign-in, or stop Central first. Nothing was changed."),
                (staff.Code, staff.Error.Trim()));
            Assert.Equal((CliExit.Failed, running), (rotate.Code, rotate.Error.Trim()));
            Assert.Equal((CliExit.Failed, running), (generate.Code, generate.Error.Trim()));
            Assert.True(list.Code == CliExit.Ok, list.ToString());
            Assert.DoesNotContain("second-operator", list.Output, StringComparison.Ordinal);
            Assert.True(readers.Code == CliExit.Ok, readers.ToString());
            Assert.False(File.Exists(Path.Combine(data, "new-keys.json")));
            Assert.Equal(keyFile, await File.ReadAllTextAsync(keys));
        }

        var afterStop = await RunAsync("staff", "add", "--user", "second-operator", "--role", "operator", "--data", data);

        Assert.True(afterStop.Code == CliExit.Ok, afterStop.ToString());
        Assert.Contains("Created operator account 'second-operator'.", afterStop.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lock_file_nobody_holds_as_a_crashed_Central_leaves_it_does_not_refuse_anything()
    {
        var data = Path.Combine(_directory.Path, "data");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(CentralLock.PathIn(data), "left behind");

        var staff = await RunAsync("staff", "add", "--user", "first-operator", "--role", "operator", "--data", data);

        Assert.True(staff.Code == CliExit.Ok, staff.ToString());
    }

    [Fact]
    public async Task Central_does_not_start_over_a_data_directory_a_maintenance_command_holds()
    {
        var data = Path.Combine(_directory.Path, "central");
        Directory.CreateDirectory(data);
        using var held = StoppedCentral.Require(data);

        var refused = await Assert.ThrowsAsync<CentralLockedException>(() => SafetyCentral.StartAsync(_directory));

        Assert.Contains($"(it holds '{CentralLock.PathIn(data)}'): stop it first", refused.Message, StringComparison.Ordinal);
    }
}
