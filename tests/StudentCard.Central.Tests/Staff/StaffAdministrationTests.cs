using Microsoft.Extensions.Time.Testing;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Tests.Staff;

/// <summary>
/// An operator's changes to staff accounts on real stores with a fake clock: each takes effect at the next sign-in, each
/// refusal changes nothing, and each change and sign-in is audited without any password.
/// </summary>
public sealed class StaffAdministrationTests : IAsyncLifetime
{
    private const string Op = "olga";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly StaffOptions _options = new() { MaxFailedSignIns = 3, LockoutMinutes = 15, PasswordMaxAgeDays = 90 };
    private StaffStore _store = null!;

    private StaffDirectory Directory => _store.Directory;

    private StaffAdministration Admin => _store.Administration;

    public async Task InitializeAsync() => _store = await StaffStore.CreateAsync(_clock, _options);

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();

    private async Task<string> ReadyAsync(string user, StaffRole role, string? school = null)
    {
        var generated = await Directory.CreateAsync(Op, user, user, role, school, "starts on Monday");
        var password = $"{user}-long-passphrase";
        await Directory.ChangePasswordAsync(user, generated, password);
        return password;
    }

    [Fact]
    public async Task A_disabled_account_is_refused_with_its_right_password_and_signs_in_again_once_enabled()
    {
        await ReadyAsync(Op, StaffRole.Operator);
        var password = await ReadyAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");

        await Admin.DisableAsync(Op, "sam", "left the school");

        Assert.Equal(SignInStatus.Disabled, (await Directory.SignInAsync("sam", password)).Status);
        Assert.Equal(SignInStatus.Failed, (await Directory.SignInAsync("sam", "not-the-password")).Status);
        await Assert.ThrowsAsync<StaffAccountException>(() => Directory.ChangePasswordAsync("sam", password, "another-long-passphrase"));
        await Admin.EnableAsync(Op, "sam", "back from leave");
        Assert.Equal(SignInStatus.Succeeded, (await Directory.SignInAsync("sam", password)).Status);
    }

    [Fact]
    public async Task The_last_enabled_operator_cannot_be_disabled_or_given_another_role_even_by_itself()
    {
        await ReadyAsync(Op, StaffRole.Operator);
        var before = (await _store.AuditAsync()).Count;

        var disable = await Assert.ThrowsAsync<StaffAccountException>(() => Admin.DisableAsync(Op, Op, "going on leave"));
        var demote = await Assert.ThrowsAsync<StaffAccountException>(() => Admin.ChangeRoleAsync(Op, Op, StaffRole.Dpo, null, "new job"));

        Assert.Contains("you are the last enabled operator", disable.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", demote.Message, StringComparison.Ordinal);
        var account = await Directory.FindAsync(Op);
        Assert.Equal((false, StaffRole.Operator), (account!.Disabled, account.Role));
        Assert.Equal(before, (await _store.AuditAsync()).Count);

        await ReadyAsync("otto", StaffRole.Operator);
        await Admin.DisableAsync(Op, Op, "going on leave");
        Assert.True((await Directory.FindAsync(Op))!.Disabled);
        await Assert.ThrowsAsync<StaffAccountException>(() => Admin.DisableAsync("otto", "otto", "going on leave too"));
    }

    [Fact]
    public async Task Unlock_ends_a_lockout_at_once_and_an_account_not_locked_is_refused()
    {
        await ReadyAsync(Op, StaffRole.Operator);
        var password = await ReadyAsync("head", StaffRole.SchoolAdmin, "Harbour Lyceum");
        for (var i = 0; i < 3; i++)
        {
            await Directory.SignInAsync("head", "wrong-guess");
        }
        Assert.Equal(SignInStatus.LockedOut, (await Directory.SignInAsync("head", password)).Status);

        await Admin.UnlockAsync(Op, "head", "phoned the office, identity checked");

        Assert.Equal(SignInStatus.Succeeded, (await Directory.SignInAsync("head", password)).Status);
        var again = await Assert.ThrowsAsync<StaffAccountException>(() => Admin.UnlockAsync(Op, "head", "phoned again"));
        Assert.Contains("is not locked", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_password_replaces_the_old_one_and_must_be_changed_at_the_next_sign_in()
    {
        await ReadyAsync(Op, StaffRole.Operator);
        var old = await ReadyAsync("dora", StaffRole.Dpo);

        var oneTime = await Admin.ResetPasswordAsync(Op, "dora", "forgot her password");

        Assert.Equal(SignInStatus.Failed, (await Directory.SignInAsync("dora", old)).Status);
        Assert.Equal(SignInStatus.PasswordExpired, (await Directory.SignInAsync("dora", oneTime)).Status);
        await Directory.ChangePasswordAsync("dora", oneTime, "dora-new-passphrase");
        Assert.Equal(SignInStatus.Succeeded, (await Directory.SignInAsync("dora", "dora-new-passphrase")).Status);
    }

    [Fact]
    public async Task A_required_change_keeps_the_password_but_asks_for_a_new_one_before_anything_else()
    {
        await ReadyAsync(Op, StaffRole.Operator);
        var password = await ReadyAsync("lib", StaffRole.Librarian);

        await Admin.RequirePasswordChangeAsync(Op, "lib", "password seen on a sticky note");

        Assert.Equal(SignInStatus.PasswordExpired, (await Directory.SignInAsync("lib", password)).Status);
        await Directory.ChangePasswordAsync("lib", password, "lib-new-passphrase");
        Assert.Equal(SignInStatus.Succeeded, (await Directory.SignInAsync("lib", "lib-new-passphrase")).Status);
    }

    [Fact]
    public async Task A_password_older_than_the_maximum_age_must_be_changed_at_sign_in()
    {
        var password = await ReadyAsync("tara", StaffRole.TransportAdmin);

        _clock.Advance(TimeSpan.FromDays(89));
        Assert.Equal(SignInStatus.Succeeded, (await Directory.SignInAsync("tara", password)).Status);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(SignInStatus.PasswordExpired, (await Directory.SignInAsync("tara", password)).Status);
    }

    [Fact]
    public async Task Role_and_school_changes_are_checked_against_the_role()
    {
        await ReadyAsync(Op, StaffRole.Operator);
        await ReadyAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");

        var noSchool = await Assert.ThrowsAsync<StaffAccountException>(() => Admin.ChangeSchoolAsync(Op, "sam", " ", "moved schools"));
        var longSchool = await Assert.ThrowsAsync<StaffAccountException>(() => Admin.ChangeRoleAsync(Op, "sam", StaffRole.Librarian, new string('x', 101), "new job"));
        var unknown = await Assert.ThrowsAsync<StaffAccountException>(() => Admin.DisableAsync(Op, "nobody", "left the school"));
        var noReason = await Assert.ThrowsAsync<StaffAccountException>(() => Admin.DisableAsync(Op, "sam", "bye"));

        Assert.Contains("acts for one school", noSchool.Message, StringComparison.Ordinal);
        Assert.Contains("at most 100 characters", longSchool.Message, StringComparison.Ordinal);
        Assert.True(unknown.UnknownAccount);
        Assert.Contains("Give a reason", noReason.Message, StringComparison.Ordinal);
        var sam = await Directory.FindAsync("sam");
        Assert.Equal((StaffRole.SchoolAdmin, "Harbour Lyceum", false), (sam!.Role, sam.Scope, sam.Disabled));

        await Admin.ChangeSchoolAsync(Op, "sam", "Quay School", "moved schools");
        await Admin.ChangeRoleAsync(Op, "sam", StaffRole.Dpo, null, "new job");
        sam = await Directory.FindAsync("sam");
        Assert.Equal((StaffRole.Dpo, (string?)null), (sam!.Role, sam.Scope));
    }

    [Fact]
    public async Task Every_change_and_sign_in_is_audited_under_its_actor_with_its_reason_and_no_password()
    {
        await ReadyAsync(Op, StaffRole.Operator);
        var password = await ReadyAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");
        await Directory.SignInAsync("sam", password);
        await Directory.SignInAsync("sam", "wrong-guess-1");
        await Directory.SignInAsync("nobody", "typed-by-mistake");
        await Admin.DisableAsync(Op, "sam", "left the school");
        await Directory.SignInAsync("sam", password);
        await Admin.EnableAsync(Op, "sam", "came back");
        var oneTime = await Admin.ResetPasswordAsync(Op, "sam", "forgot it");
        await Admin.ChangeRoleAsync(Op, "sam", StaffRole.Librarian, null, "moved to the library");

        var audit = await _store.AuditAsync();

        var sams = audit.Where(e => e.Subject == "staff account sam").Select(e => (e.Actor, e.Action, e.Reason)).ToList();
        Assert.Equal(
        [
            (Op, AuditActions.StaffChanged, "created a school-admin of Harbour Lyceum account; reason: starts on Monday"),
            ("sam", AuditActions.StaffPasswordChanged, "changed its own password"),
            ("sam", AuditActions.StaffSignedIn, "signed in"),
            ("sam", AuditActions.StaffSignInRefused, "refused: wrong password"),
            (Op, AuditActions.StaffChanged, "disabled; its open sessions end at their next request; reason: left the school"),
            ("sam", AuditActions.StaffSignInRefused, "refused: account disabled"),
            (Op, AuditActions.StaffChanged, "enabled; reason: came back"),
            (Op, AuditActions.StaffChanged, "password reset to a one-time password; open sessions end and a new password must be chosen at the next sign-in; reason: forgot it"),
            (Op, AuditActions.StaffChanged, "role changed from school-admin of Harbour Lyceum to librarian; reason: moved to the library"),
        ], sams);
        var unknown = Assert.Single(audit, e => e.Actor == StaffDirectory.UnknownAccount);
        Assert.Equal(("staff sign-in", "refused: no such account"), (unknown.Subject, unknown.Reason));
        foreach (var secret in new[] { password, oneTime, "wrong-guess-1", "typed-by-mistake", "nobody" })
        {
            Assert.DoesNotContain(audit, e => $"{e.Actor} {e.Subject} {e.Reason}".Contains(secret, StringComparison.Ordinal));
        }
        Assert.True((await new AuditLog(_store.AuditStores, _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<AuditLog>.Instance).VerifyAsync()).Intact);
    }
}
