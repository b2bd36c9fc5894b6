using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.Readers;
using StudentCard.Central.Cli;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;

namespace StudentCard.Central.Tests.Cli;

/// <summary>"readers revoke" through the running Central's admin API as an operator, and "readers list" read beside it.</summary>
public sealed class CliReaderRevokeTests : IAsyncLifetime
{
    private const string Account = "the-operator";

    private readonly TempDirectory _directory = new();
    private SafetyCentral _central = null!;
    private string _password = null!;

    public async Task InitializeAsync()
    {
        _central = await SafetyCentral.StartAsync(_directory);
        _password = await _central.AccountAsync(Account, StaffRole.Operator);
        var registry = _central.Services.GetRequiredService<ReaderRegistry>();
        await registry.RegisterAsync("bus-7", ReaderType.Bus);
        await registry.RegisterAsync("gate-1", ReaderType.Gate);
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }

    private Task<CliRun.Result> RevokeAsync(string account, string password, string readerId) =>
        ApiCli.RunAsync(_central.AdminUrl, account, password, "readers", "revoke", readerId, "--reason", "stolen from the depot");

    private async Task<CliRun.Result> ListAsync()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CentralCli.RunAsync(["readers", "list", "--data", _central.DataDirectory, "--keys", _central.KeyFile], output, error);
        return new CliRun.Result(code, output.ToString(), error.ToString());
    }

    private async Task<IReadOnlyList<string>> RevokedAsync() =>
        (await _central.Services.GetRequiredService<ReaderRegistry>().ListAsync()).Where(r => r.RevokedAt is not null).Select(r => r.Id).ToList();

    [Fact]
    public async Task Readers_are_revoked_through_the_running_Central_listed_beside_it_and_an_unknown_reader_is_named()
    {
        var revoke = await RevokeAsync(Account, _password, "bus-7");
        var list = await ListAsync();
        var unknown = await RevokeAsync(Account, _password, "tram-1");

        Assert.True(revoke.Code == CliExit.Ok, revoke.ToString());
        Assert.Contains("Revoked reader 'bus-7'.", revoke.Output, StringComparison.Ordinal);
        Assert.True(list.Code == CliExit.Ok, list.ToString());
        Assert.Contains("bus-7\tbus\trevoked", list.Output);
        Assert.Contains("gate-1\tgate\toffline", list.Output);
        Assert.Contains("2 readers.", list.Output);
        Assert.Equal((CliExit.Failed, "Refused: No reader with this id is registered."), (unknown.Code, unknown.Error.Trim()));
        var entry = Assert.Single(await _central.AuditAsync(ReaderAdministration.RevokeRequested));
        Assert.Equal((Account, "bus-7", "stolen from the depot"), (entry.Actor, entry.Subject, entry.Reason));
    }

    [Theory]
    [InlineData(StaffRole.Dpo, null)]
    [InlineData(StaffRole.SchoolAdmin, "Northfield Primary")]
    public async Task An_account_whose_role_gives_no_reader_changes_is_refused_and_nothing_changes(StaffRole role, string? school)
    {
        var password = await _central.AccountAsync("not-an-operator", role, school);

        var result = await RevokeAsync("not-an-operator", password, "bus-7");

        Assert.Equal((CliExit.Failed, "Refused: this account's role gives no reader changes (operators do). Nothing was changed."), (result.Code, result.Error.Trim()));
        Assert.Empty(await RevokedAsync());
        Assert.Empty(await _central.AuditAsync(ReaderAdministration.RevokeRequested));
    }

    [Fact]
    public async Task A_wrong_password_or_a_stopped_Central_is_refused_and_nothing_changes()
    {
        var wrong = await RevokeAsync(Account, "not-the-password", "bus-7");
        var url = ApiCli.Unreachable();
        var stopped = await ApiCli.RunAsync(url, Account, _password, "readers", "revoke", "bus-7", "--reason", "stolen from the depot");

        Assert.Equal((CliExit.Failed, "Sign-in refused: The user name or password is not right. Nothing was changed."), (wrong.Code, wrong.Error.Trim()));
        Assert.Equal(CliExit.Failed, stopped.Code);
        Assert.StartsWith($"Central is not running at {url}/", stopped.Error, StringComparison.Ordinal);
        Assert.Empty(await RevokedAsync());
    }
}
