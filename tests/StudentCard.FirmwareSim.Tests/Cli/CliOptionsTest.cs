using StudentCard.FirmwareSim.Cli;

namespace StudentCard.FirmwareSim.Tests.Cli;

public sealed class CliOptionsTest
{
    [Fact]
    public void ParsesEveryOption()
    {
        var options = CliOptions.Parse(
            ["--link", "/tmp/gate0", "--name", "gate", "--hold-card", "04A1B2C3", "--script", "taps.txt", "--stdin", "--quiet"],
            out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(("/tmp/gate0", (int?)null, "gate", "taps.txt", true, true), (options.LinkPath, options.TcpPort, options.Name, options.ScriptPath, options.ReadStdin, options.Quiet));
        Assert.Equal(4, options.HeldCard!.Uid.Length);
    }

    [Fact]
    public void ServesTcpOnAGivenAddressForOtherHosts()
    {
        var options = CliOptions.Parse(["--tcp", "4532", "--tcp-bind", "0.0.0.0"], out var error);

        Assert.Null(error);
        Assert.Equal((4532, System.Net.IPAddress.Any), (options!.TcpPort, options.TcpBind));
    }

    [Theory]
    [InlineData("desfire", 0x0344, 0x20)]
    [InlineData("ntag", 0x0044, 0x00)]
    [InlineData("classic", 0x0044, 0x08)]
    public void CardOptionChoosesTheHeldCardsType(string type, int atqa, int sak)
    {
        var options = CliOptions.Parse(["--card", type, "--hold-card", "04112233445566"], out var error);

        Assert.Null(error);
        Assert.Equal((atqa, sak, 7), (options!.HeldCard!.Atqa, options.HeldCard.Sak, options.HeldCard.Uid.Length));
    }

    [Fact]
    public void DefaultsToPseudoTerminalNamedSim()
    {
        var options = CliOptions.Parse([], out _);

        Assert.Equal(new CliOptions(null, null, "sim", null, null, false, false), options);
    }

    [Theory]
    [InlineData("--tcp", "http")]
    [InlineData("--tcp", "70000")]
    [InlineData("--tcp", "4000", "--tcp-bind", "everywhere")]
    [InlineData("--hold-card", "04A1")]
    [InlineData("--hold-card", "04A1B2C3", "--card", "desfire")]
    [InlineData("--hold-card", "04112233445566", "--card", "felica")]
    [InlineData("--card", "desfire")]
    [InlineData("--frobnicate", "1")]
    [InlineData("--link", "/tmp/x", "--tcp", "4000")]
    [InlineData("--name")]
    [InlineData("stray")]
    public void RejectsBadArguments(params string[] args)
    {
        Assert.Null(CliOptions.Parse(args, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
