using StudentCard.Central.Cli;

namespace StudentCard.Central.Tests.Cli;

public class CliUsageTests
{
    [Theory]
    [InlineData("dsr")]
    [InlineData("dsr open --student S1 --kind access")]
    [InlineData("dsr open --student S1 --kind wish --requester student")]
    [InlineData("dsr verify twelve --method x --account y")]
    [InlineData("dsr extend 1 --days many --reason r")]
    [InlineData("dsr export 1")]
    [InlineData("dsr frobnicate 1")]
    [InlineData("roster import")]
    [InlineData("roster import x.csv --preview --commit")]
    [InlineData("roster import x.csv")]
    [InlineData("roster import x.csv --preview stray")]
    [InlineData("retention")]
    [InlineData("statistics report --type tram --from 2026-01-01 --until 2026-01-02")]
    [InlineData("statistics report --type bus --from yesterday --until 2026-01-02")]
    [InlineData("readers revoke")]
    [InlineData("cards enroll --student S1")]
    [InlineData("cards revoke --token-file t --status stolen")]
    [InlineData("records --format pdf")]
    [InlineData("keys export-reader --type gate")]
    public async Task A_wrong_command_line_exits_2_and_says_where_the_usage_is(string commandLine)
    {
        var result = await CliRun.RunBareAsync(commandLine.Split(' '));

        Assert.True(result.Code == CliExit.Usage, result.ToString());
        Assert.Contains("--help' for usage", result.Error);
    }

    [Theory]
    [InlineData("--help", "roster")]
    [InlineData("--help", "staff")]
    [InlineData("--help", "lockdown")]
    [InlineData("dsr --help", "export <id>")]
    [InlineData("roster import --help", "--commit")]
    public async Task Help_lists_the_commands_and_options(string commandLine, string expected)
    {
        var result = await CliRun.RunBareAsync(commandLine.Split(' '));

        Assert.Equal(CliExit.Ok, result.Code);
        Assert.Contains(expected, result.Output);
    }

    [Theory]
    [InlineData("dsr list")]
    [InlineData("readers list")]
    [InlineData("retention report")]
    [InlineData("keys rotate --type gate")]
    public async Task A_store_command_without_the_data_directory_says_to_pass_it(string commandLine)
    {
        var result = await CliRun.RunBareAsync([.. commandLine.Split(' '), "--data", Path.Combine(Path.GetTempPath(), "studentcard-nowhere", Guid.NewGuid().ToString("N"))]);

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("pass --data with Central:DataDirectory", result.Error);
    }

    [Fact]
    public void Central_starts_its_web_host_only_without_a_command()
    {
        Assert.True(CentralCli.Handles(["dsr", "list"]));
        Assert.True(CentralCli.Handles(["keys"]));
        Assert.True(CentralCli.Handles(["staff", "list"]));
        Assert.True(CentralCli.Handles(["lockdown", "lift"]));
        Assert.False(CentralCli.Handles([]));
        Assert.False(CentralCli.Handles(["--Central:DataDirectory=data"]));
    }
}
