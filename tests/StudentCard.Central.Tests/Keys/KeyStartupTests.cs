using StudentCard.Central.Cli;
using StudentCard.Central.Keys;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Tests.Keys;

public sealed class KeyStartupTests
{
    [Fact]
    public async Task Central_does_not_start_without_its_key_file_and_says_why()
    {
        using var directory = new TempDirectory();
        await using var app = CentralApp.Build(TestCentral.Arguments(directory));

        var error = await Assert.ThrowsAsync<KeyFileException>(() => app.StartAsync());

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task The_demo_setting_creates_a_missing_key_file()
    {
        using var directory = new TempDirectory();
        await using var app = CentralApp.Build([.. TestCentral.Arguments(directory), "--Central:CreateKeysIfMissing=true"]);

        await app.StartAsync();
        await app.StopAsync();

        var ring = KeyFile.Read(Path.Combine(directory.Path, "keys.json"));
        Assert.All(ReaderTypes.All, purpose => Assert.True(ring.Holds(purpose)));
    }

    [Fact]
    public void Keys_generate_writes_a_full_ring_and_refuses_to_overwrite_it()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "keys.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var first = KeyCommands.Run(["keys", "generate", "--out", path], output, error);
        var before = File.ReadAllText(path);
        var second = KeyCommands.Run(["keys", "generate", "--out", path], output, error);

        Assert.Equal((0, 1), (first, second));
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Contains("refusing to overwrite", error.ToString());
        Assert.Equal(3, KeyFile.Read(path).Purposes.Count());
    }

    [Fact]
    public void Keys_export_reader_writes_the_site_key_and_that_purposes_keys_only()
    {
        using var directory = new TempDirectory();
        var source = Path.Combine(directory.Path, "keys.json");
        var target = Path.Combine(directory.Path, "bus.json");
        var ring = KeyRing.Generate();
        KeyFile.Write(source, ring);

        var code = KeyCommands.Run(["keys", "export-reader", "--type", "bus", "--out", target, "--keys", source], new StringWriter(), new StringWriter());

        Assert.Equal(0, code);
        var exported = KeyFile.Read(target);
        Assert.Equal([ReaderType.Bus], exported.Purposes);
        var uid = new Core.Identifiers.CardUid([1, 2, 3, 4]);
        Assert.Equal(
            Core.Identifiers.PseudonymDeriver.Pseudonym(uid, ReaderType.Bus, ring.Site, ring.Current(ReaderType.Bus)),
            Core.Identifiers.PseudonymDeriver.Pseudonym(uid, ReaderType.Bus, exported.Site, exported.Current(ReaderType.Bus)));
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("keys rotate")]
    [InlineData("keys export-reader --type gate")]
    [InlineData("keys export-reader --type tram --out x.json")]
    public void Bad_key_commands_print_usage_and_fail(string commandLine)
    {
        var error = new StringWriter();

        var code = KeyCommands.Run(commandLine.Split(' '), new StringWriter(), error);

        Assert.NotEqual(0, code);
        Assert.NotEmpty(error.ToString());
    }
}
