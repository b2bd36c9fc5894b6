using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Audit;
using StudentCard.Central.Cli;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Cli;

/// <summary>
/// "cards enroll", a maintenance command with the card token read from a file, whose --grant gives the pupil's own access
/// rule ("cards revoke" goes through a running Central: <see cref="CliCardRevokeTests"/>).
/// </summary>
public sealed class CliCardsTests : IDisposable
{
    private readonly CliRun _cli = new();
    private readonly SyntheticStudent _pupil = SyntheticRoster.Generate(1, seed: 77)[0] with { BirthYear = 2005 };

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task An_enrollment_with_grants_gives_the_pupil_their_own_rule_per_purpose_audited_and_lists_the_card()
    {
        var token = await _cli.EnrollAsync(_pupil);

        await using var services = await _cli.ServicesAsync();
        await using var vault = await services.Get<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        await using var central = await services.Get<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        await using var audit = await services.Get<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        var student = await vault.Students.SingleAsync(s => s.StudentNumber == _pupil.StudentNumber);
        var rules = await vault.AccessRules.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([ReaderType.Gate, ReaderType.Bus, ReaderType.Library], rules.Select(r => r.Purpose));
        Assert.All(rules, r => Assert.Equal(($"Rights for {_pupil.StudentNumber}", RulePopulation.Pupils, _pupil.School, "operator"), (r.Name, r.Population, r.School, r.ChangedBy)));
        Assert.Equal(rules.Select(r => (r.Id, student.Id, RuleExceptionKind.Member)),
            (await vault.RuleExceptions.OrderBy(e => e.RuleId).ToListAsync()).Select(e => (e.RuleId, e.StudentId, e.Kind)));
        var rights = await vault.StudentPurposes.Where(p => p.StudentId == student.Id).ToDictionaryAsync(p => p.Purpose, p => p.Rules);
        Assert.Equal(rules.ToDictionary(r => r.Purpose, r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), rights);
        var card = new Core.Identifiers.CardToken((await File.ReadAllTextAsync(token)).Trim());
        var keys = KeyFile.Read(Path.Combine(_cli.DataDirectory, "keys.json"));
        Assert.Equal(ReaderTypes.All.Select(p => Roster.Pseudonym(card, p, keys)).Order(), (await central.Entitlements.Select(e => e.Pseudonym).ToListAsync()).Order());
        var changes = await audit.Entries.Where(e => e.Action == AuditActions.RuleChanged).ToListAsync();
        Assert.Equal(3, changes.Count);
        Assert.All(changes, e => Assert.Equal("operator", e.Actor));
        Assert.All(changes, e => Assert.DoesNotContain(_pupil.StudentNumber, e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_enrollment_without_grants_gives_what_the_schools_rules_give()
    {
        var token = _cli.File("token.txt");
        await File.WriteAllTextAsync(token, Roster.Token(_pupil, KeyFile.Read(Path.Combine(_cli.DataDirectory, "keys.json"))).Value);
        var args = CliRun.EnrollArgs(_pupil, token);
        var grant = Array.IndexOf(args, "--grant");

        var result = await _cli.RunAsync([.. args[..grant]]);
        var half = await _cli.RunAsync([.. args[..grant], "--grant", "gate"]);

        Assert.True(result.Code == CliExit.Ok, result.ToString());
        Assert.Contains("access rules of their school", result.Output, StringComparison.Ordinal);
        Assert.Equal(CliExit.Usage, half.Code);
        Assert.Contains("--grant, --from and --until go together", half.Error, StringComparison.Ordinal);
        await using var services = await _cli.ServicesAsync();
        await using var vault = await services.Get<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        Assert.True(await vault.Students.AnyAsync(s => s.StudentNumber == _pupil.StudentNumber));
        Assert.False(await vault.AccessRules.AnyAsync());
        Assert.False(await vault.StudentPurposes.AnyAsync());
    }

    [Fact]
    public async Task While_Central_runs_an_enrollment_is_refused_and_changes_nothing_and_after_its_stop_it_enrolls()
    {
        using var directory = new TempDirectory();
        string data;
        string keys;
        string[] args;
        await using (var central = await Safety.SafetyCentral.StartAsync(directory))
        {
            data = central.DataDirectory;
            keys = central.KeyFile;
            var token = Path.Combine(directory.Path, "token.txt");
            await File.WriteAllTextAsync(token, Roster.Token(_pupil, central.Keys).Value);
            args = [.. CliRun.EnrollArgs(_pupil, token), "--data", data, "--keys", keys];

            var refused = await CliRun.RunBareAsync(args);

            Assert.Equal((CliExit.Failed, $"Central is running (it holds '{CentralLock.PathIn(data)}'); stop it first, then run this again. Nothing was changed."),
                (refused.Code, refused.Error.Trim()));
            await using var vault = central.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContext();
            Assert.False(await vault.Students.AnyAsync(s => s.StudentNumber == _pupil.StudentNumber));
            Assert.False(await vault.AccessRules.AnyAsync());
        }

        var afterStop = await CliRun.RunBareAsync(args);

        Assert.True(afterStop.Code == CliExit.Ok, afterStop.ToString());
        Assert.Contains($"'Rights for {_pupil.StudentNumber}'", afterStop.Output, StringComparison.Ordinal);
    }

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
