using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Tests.Cli;

/// <summary>A running Central with an operator account, for "roster import" through its admin API.</summary>
internal sealed class RosterCentral : IAsyncDisposable
{
    public const string Account = "the-operator";

    private readonly TempDirectory _directory = new();
    private SafetyCentral _central = null!;
    private string _password = null!;

    public static async Task<RosterCentral> StartAsync(params string[] settings)
    {
        var roster = new RosterCentral();
        roster._central = await SafetyCentral.StartAsync(roster._directory, settings);
        roster._password = await roster._central.AccountAsync(Account, StaffRole.Operator);
        return roster;
    }

    public SafetyCentral Central => _central;

    public string File(string name) => Path.Combine(_directory.Path, name);

    /// <summary>"roster import ARGS --account the-operator --central …".</summary>
    public Task<CliRun.Result> ImportAsync(params string[] args) => ApiCli.RunAsync(_central.AdminUrl, Account, _password, ["roster", "import", .. args]);

    public async Task<int> StudentsAsync()
    {
        await using var vault = await _central.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        return await vault.Students.CountAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }
}
