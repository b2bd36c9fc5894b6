using Microsoft.EntityFrameworkCore;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Cli;
using StudentCard.Central.Keys;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Cli;

/// <summary>"keys rotate" from the command line against a data directory with enrolled pupils (the other key commands: Keys/KeyStartupTests).</summary>
public sealed class CliKeysTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    private string KeyPath => Path.Combine(_cli.DataDirectory, "keys.json");

    [Fact]
    public async Task Keys_rotate_begins_then_completes_a_rotation_saying_what_it_does()
    {
        var pupils = SyntheticRoster.Generate(5, seed: 91);
        await using (var services = await _cli.ServicesAsync())
        {
            await services.Services.EnrollAsync(pupils, Roster.Valid(ReaderType.Gate));
        }

        var begin = await _cli.RunAsync("keys", "rotate", "--type", "gate");
        var during = KeyFile.Read(KeyPath);
        var complete = await _cli.RunAsync("keys", "rotate", "--type", "gate", "--complete");
        var after = KeyFile.Read(KeyPath);

        Assert.True(begin.Code == CliExit.Ok, begin.ToString());
        Assert.Contains("Deriving the gate entitlements under the new key version from the vault...", begin.Error, StringComparison.Ordinal);
        Assert.StartsWith("Began the gate key rotation: version 2, 5 entitlements derived", begin.Output, StringComparison.Ordinal);
        Assert.Equal([1, 2], during.Versions(ReaderType.Gate).Select(k => k.Version));
        Assert.True(complete.Code == CliExit.Ok, complete.ToString());
        Assert.StartsWith("Completed the gate key rotation: version 2 only, 5 old entitlements removed", complete.Output, StringComparison.Ordinal);
        Assert.Equal([2], after.Versions(ReaderType.Gate).Select(k => k.Version));
        Assert.Equal([1], after.Versions(ReaderType.Bus).Select(k => k.Version));
        await using var services2 = await _cli.ServicesAsync();
        await using var db = await services2.Get<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        Assert.Equal(5, await db.Entitlements.CountAsync(e => e.Purpose == ReaderType.Gate && e.KeyVersion == 2));
        Assert.Equal(0, await db.Entitlements.CountAsync(e => e.Purpose == ReaderType.Gate && e.KeyVersion == 1));
    }

    [Fact]
    public async Task Keys_rotate_without_its_key_file_says_how_to_make_one_and_changes_no_store()
    {
        File.Delete(KeyPath);

        var result = await _cli.RunAsync("keys", "rotate", "--type", "bus");

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("does not exist. Create one with the 'keys generate' command.", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyPath));
    }

    [Theory]
    [InlineData("keys rotate --type tram", "'tram' is not a reader type; use gate, bus or library.")]
    [InlineData("keys rotate --complete", "Option '--type' is required.")]
    [InlineData("keys rotate --type gate --complete maybe", "maybe")]
    public async Task Keys_rotate_with_a_wrong_command_line_exits_2(string commandLine, string message)
    {
        var before = await File.ReadAllTextAsync(KeyPath);

        var result = await _cli.RunAsync(commandLine.Split(' '));

        Assert.True(result.Code == CliExit.Usage, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(KeyPath));
    }
}
