using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Cli;
using StudentCard.Central.Keys;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Cli;

/// <summary>"cards enroll", with the card token read from a file ("cards revoke" goes through a running Central: <see cref="CliCardRevokeTests"/>).</summary>
public sealed class CliCardsTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly SyntheticStudent _pupil = SyntheticRoster.Generate(1, seed: 77)[0] with { BirthYear = 2005 };

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Cards_are_enrolled_from_a_token_file_once_and_a_bad_token_file_is_refused()
    {
        var token = await _cli.EnrollAsync(_pupil);
        var other = SyntheticRoster.Generate(2, seed: 77)[1];

        var twice = await _cli.RunAsync(CliRun.EnrollArgs(_pupil, token));
        await File.WriteAllTextAsync(_cli.File("bad.txt"), "not-a-token");
        var bad = await _cli.RunAsync(CliRun.EnrollArgs(other, _cli.File("bad.txt")));
        var missing = await _cli.RunAsync(CliRun.EnrollArgs(other, _cli.File("none.txt")));

        Assert.Equal(CliExit.Failed, twice.Code);
        Assert.Contains("already enrolled", twice.Error);
        Assert.Equal((CliExit.Failed, CliExit.Failed), (bad.Code, missing.Code));
        Assert.Contains("does not hold a card token", bad.Error);
        Assert.Contains("No token file", missing.Error);
        Assert.DoesNotContain((await File.ReadAllTextAsync(token)).Trim(), twice.Error);
    }

    [Theory]
    [InlineData("--grant", "tram", "'tram' is not a reader type")]
    [InlineData("--from", "soon", "soon")]
    [InlineData("--birth-year", "old", "old")]
    public async Task Enrolling_with_a_malformed_option_is_a_usage_error_and_enrolls_nobody(string option, string value, string message)
    {
        var token = _cli.File("token.txt");
        await File.WriteAllTextAsync(token, Roster.Token(_pupil, KeyFile.Read(Path.Combine(_cli.DataDirectory, "keys.json"))).Value);
        var args = CliRun.EnrollArgs(_pupil, token);
        args[Array.IndexOf(args, option) + 1] = value;

        var result = await _cli.RunAsync(args);
        await using var services = await _cli.ServicesAsync();
        await using var vault = await services.Get<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();

        Assert.True(result.Code == CliExit.Usage, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(await vault.Students.AnyAsync(s => s.StudentNumber == _pupil.StudentNumber));
    }
}
