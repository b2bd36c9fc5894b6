using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Cli;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Cli;

/// <summary>
/// "cards revoke" through the running Central's admin API, as a school admin of the pupil's school: the Cards page's
/// revocation, audited in the account's name; every other caller is refused and nothing changes.
/// </summary>
public sealed class CliCardRevokeTests : IAsyncLifetime
{
    private const string Account = "school-admin";

    private readonly TempDirectory _directory = new();
    private readonly string _number = SafetyCentral.Pupils[0].StudentNumber;
    private readonly string _school = SafetyCentral.Pupils[0].School;
    private SafetyCentral _central = null!;
    private string _password = null!;

    public async Task InitializeAsync()
    {
        _central = await SafetyCentral.StartAsync(_directory);
        await _central.EnrollAsync();
        _password = await _central.AccountAsync(Account, StaffRole.SchoolAdmin, _school);
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }

    private Task<CliRun.Result> RevokeAsync(string account, string password, params string[] more) =>
        ApiCli.RunAsync(_central.AdminUrl, account, password, ["cards", "revoke", "--student", _number, .. more]);

    private async Task<HeldCard> CardAsync() =>
        Assert.Single((await _central.Services.GetRequiredService<SchoolCards>().FindAsync(_school, _number, CancellationToken.None)).Cards);

    private async Task AssertNothingChangedAsync()
    {
        Assert.Equal(CardStatus.Issued, (await CardAsync()).Status);
        Assert.Empty(await _central.AuditAsync(AuditActions.CardRevoked));
    }

    [Theory]
    [InlineData("lost", CardStatus.Lost)]
    [InlineData("revoked", CardStatus.Revoked)]
    public async Task A_school_admin_revokes_a_pupils_card_through_the_running_Central_under_their_own_name(string status, CardStatus stored)
    {
        var card = await CardAsync();

        var result = await RevokeAsync(Account, _password, "--status", status, "--reason", "reported lost at the office");

        Assert.Equal((CliExit.Ok, ""), (result.Code, result.Error));
        Assert.Equal($"Card {card.Id} of pupil {_number} is {status}; Central sends the readers their new allow-lists now.", result.Output.Trim());
        Assert.Equal(stored, (await CardAsync()).Status);
        // The enrollment service records the revocation itself; the admin API adds the entry naming the account and its reason.
        var entry = Assert.Single(await _central.AuditAsync(AuditActions.CardRevoked), e => e.Actor == Account);
        Assert.Equal((Account, "reported lost at the office"), (entry.Actor, entry.Reason));
    }

    [Fact]
    public async Task A_school_admin_of_another_school_does_not_find_the_pupil_and_nothing_changes()
    {
        var other = SafetyCentral.Pupils.Select(p => p.School).First(s => s != _school);
        var password = await _central.AccountAsync("other-admin", StaffRole.SchoolAdmin, other);

        var result = await RevokeAsync("other-admin", password, "--reason", "reported lost at the office");

        Assert.Equal((CliExit.Failed, "Refused: No pupil with this student number at your school."), (result.Code, result.Error.Trim()));
        await AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData(StaffRole.Operator)]
    [InlineData(StaffRole.Dpo)]
    public async Task An_account_whose_role_gives_no_card_changes_is_refused_and_nothing_changes(StaffRole role)
    {
        var password = await _central.AccountAsync("not-an-admin", role);

        var result = await RevokeAsync("not-an-admin", password, "--reason", "reported lost at the office");

        Assert.Equal((CliExit.Failed, "Refused: this account's role gives no card changes (school admins of the pupil's school do). Nothing was changed."), (result.Code, result.Error.Trim()));
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_nothing_changes()
    {
        var result = await RevokeAsync(Account, "not-the-password", "--reason", "reported lost at the office");

        Assert.Equal((CliExit.Failed, "Sign-in refused: The user name or password is not right. Nothing was changed."), (result.Code, result.Error.Trim()));
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_reason_Central_finds_too_short_is_refused_with_its_words_and_a_revoked_card_is_not_revoked_twice()
    {
        var card = await CardAsync();

        var shortReason = await RevokeAsync(Account, _password, "--reason", "lost");
        var unknownCard = await RevokeAsync(Account, _password, "--card", (card.Id + 100).ToString(System.Globalization.CultureInfo.InvariantCulture), "--reason", "reported lost at the office");
        await AssertNothingChangedAsync();
        Assert.Equal(CliExit.Ok, (await RevokeAsync(Account, _password, "--reason", "reported lost at the office")).Code);
        var twice = await RevokeAsync(Account, _password, "--card", card.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reason", "reported lost at the office");

        Assert.Equal((CliExit.Failed, "Refused: State a reason (at least 5 characters); it goes into the audit log."), (shortReason.Code, shortReason.Error.Trim()));
        Assert.Equal((CliExit.Failed, "Refused: This pupil has no such card."), (unknownCard.Code, unknownCard.Error.Trim()));
        Assert.Equal((CliExit.Failed, "Refused: This card is already lost."), (twice.Code, twice.Error.Trim()));
        Assert.Single(await _central.AuditAsync(AuditActions.CardRevoked), e => e.Actor == Account);
    }

    [Fact]
    public async Task With_Central_stopped_the_revocation_is_refused_with_what_to_do_and_nothing_changes()
    {
        var url = ApiCli.Unreachable();

        var result = await ApiCli.RunAsync(url, Account, _password, "cards", "revoke", "--student", _number, "--reason", "reported lost at the office");

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.StartsWith($"Central is not running at {url}/", result.Error, StringComparison.Ordinal);
        Assert.Contains(": start it, then run this again", result.Error, StringComparison.Ordinal);
        await AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData("cards", "revoke", "--student", "S-1", "--reason", "lost at school", "--account", "a", "--token-file", "t")]
    [InlineData("cards", "revoke", "--student", "S-1", "--reason", "lost at school", "--account", "a", "--status", "issued")]
    [InlineData("cards", "revoke", "--student", "S-1", "--account", "a")]
    [InlineData("cards", "revoke", "--student", "S-1", "--reason", "lost at school", "--account", "a", "--password", "secret")]
    public async Task Wrong_arguments_are_usage_errors_and_nothing_is_sent(params string[] args)
    {
        var result = await CliRun.RunBareAsync([.. args, "--central", _central.AdminUrl]);

        Assert.Equal(CliExit.Usage, result.Code);
        Assert.Contains("Run 'central cards revoke --help' for usage.", result.Error, StringComparison.Ordinal);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task The_api_takes_json_only_and_a_form_post_changes_nothing()
    {
        using var client = new AdminClient(_central.AdminUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(Account, _password)).StatusCode);
        using var form = new HttpRequestMessage(HttpMethod.Post, CardRoutes.Revoke)
        {
            Content = new StringContent($"student={_number}&status=lost&reason=reported+lost", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        using var response = await client.SendAsync(form);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNothingChangedAsync();
    }
}
