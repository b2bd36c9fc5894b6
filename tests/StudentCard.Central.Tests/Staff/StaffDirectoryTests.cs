using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Central.Admin;
using StudentCard.Central.SignInLimits;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;

namespace StudentCard.Central.Tests.Staff;

/// <summary>Staff accounts on a real staff store with a fake clock: hashing, lockout, expiry and password changes.</summary>
public sealed class StaffDirectoryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly StaffOptions _options = new() { MaxFailedSignIns = 3, LockoutMinutes = 10, PasswordMaxAgeDays = 90 };
    private StaffStore _store = null!;
    private StaffDirectory _staff = null!;

    public async Task InitializeAsync()
    {
        _store = await StaffStore.CreateAsync(_clock, _options);
        _staff = _store.Directory;
    }

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();

    [Fact]
    public async Task A_new_account_stores_only_a_hash_and_its_generated_password_must_be_changed_at_the_first_sign_in()
    {
        var password = await _staff.CreateAsync("test set-up", "dora", "Dora Example", StaffRole.Dpo, null, "test account");

        Assert.Equal(20, password.Length);
        var stored = await _staff.FindAsync("dora");
        Assert.NotNull(stored);
        Assert.DoesNotContain(password, stored.PasswordHash);
        Assert.StartsWith("AQAAAA", stored.PasswordHash); // Identity's v3 format marker (PBKDF2).
        var first = await _staff.SignInAsync("dora", password);
        Assert.Equal(SignInStatus.PasswordExpired, first.Status);

        await _staff.ChangePasswordAsync("dora", password, "a-new-long-passphrase");
        Assert.Equal(SignInStatus.Succeeded, (await _staff.SignInAsync("dora", "a-new-long-passphrase")).Status);
        Assert.Equal(SignInStatus.Failed, (await _staff.SignInAsync("dora", password)).Status);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_against_the_right_password_until_the_lockout_ends()
    {
        var password = await ReadyAccountAsync("sam");

        Assert.Equal(SignInStatus.Failed, (await _staff.SignInAsync("sam", "wrong-1")).Status);
        Assert.Equal(SignInStatus.Failed, (await _staff.SignInAsync("sam", "wrong-2")).Status);
        var third = await _staff.SignInAsync("sam", "wrong-3");
        Assert.Equal(SignInStatus.LockedOut, third.Status);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(10), third.LockedUntil);

        Assert.Equal(SignInStatus.LockedOut, (await _staff.SignInAsync("sam", password)).Status);
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(SignInStatus.LockedOut, (await _staff.SignInAsync("sam", password)).Status);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SignInStatus.Succeeded, (await _staff.SignInAsync("sam", password)).Status);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        var password = await ReadyAccountAsync("sam");
        await _staff.SignInAsync("sam", "wrong-1");
        await _staff.SignInAsync("sam", "wrong-2");
        Assert.Equal(SignInStatus.Succeeded, (await _staff.SignInAsync("sam", password)).Status);

        Assert.Equal(SignInStatus.Failed, (await _staff.SignInAsync("sam", "wrong-3")).Status);
        Assert.Equal(SignInStatus.Failed, (await _staff.SignInAsync("sam", "wrong-4")).Status);
    }

    [Fact]
    public async Task An_unknown_user_fails_like_a_wrong_password()
    {
        await ReadyAccountAsync("sam");
        var outcome = await _staff.SignInAsync("nobody", "whatever");
        Assert.Equal(SignInStatus.Failed, outcome.Status);
        Assert.Null(outcome.Account);
    }

    [Fact]
    public async Task A_password_expires_after_the_configured_age()
    {
        var password = await ReadyAccountAsync("sam");
        _clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromMinutes(1));
        Assert.Equal(SignInStatus.Succeeded, (await _staff.SignInAsync("sam", password)).Status);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SignInStatus.PasswordExpired, (await _staff.SignInAsync("sam", password)).Status);
    }

    [Theory]
    [InlineData("short", "at least 12")]
    [InlineData("the-current-pw", "differ")]
    public async Task A_weak_or_unchanged_new_password_is_refused_with_the_rule(string newPassword, string message)
    {
        var generated = await _staff.CreateAsync("test set-up", "sam", "Sam", StaffRole.Operator, null, "test account");
        await _staff.ChangePasswordAsync("sam", generated, "the-current-pw");

        var error = await Assert.ThrowsAsync<StaffAccountException>(() => _staff.ChangePasswordAsync("sam", "the-current-pw", newPassword));
        Assert.Contains(message, error.Message);
        Assert.Equal(SignInStatus.Succeeded, (await _staff.SignInAsync("sam", "the-current-pw")).Status);
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing()
    {
        var password = await ReadyAccountAsync("sam");
        await Assert.ThrowsAsync<StaffAccountException>(() => _staff.ChangePasswordAsync("sam", "not-the-password", "another-long-passphrase"));
        Assert.Equal(SignInStatus.Succeeded, (await _staff.SignInAsync("sam", password)).Status);
    }

    [Theory]
    [InlineData("ab", StaffRole.Dpo, null, "3 to 64")]
    [InlineData("with space", StaffRole.Dpo, null, "3 to 64")]
    [InlineData("head", StaffRole.SchoolAdmin, null, "--school")]
    public async Task Bad_account_requests_are_refused_with_a_clear_message(string user, StaffRole role, string? school, string message)
    {
        var error = await Assert.ThrowsAsync<StaffAccountException>(() => _staff.CreateAsync("test set-up", user, "Someone", role, school, "test account"));
        Assert.Contains(message, error.Message);
        Assert.Empty(await _staff.ListAsync());
    }

    [Fact]
    public async Task User_names_are_unique()
    {
        await _staff.CreateAsync("test set-up", "sam", "Sam", StaffRole.Operator, null, "test account");
        var error = await Assert.ThrowsAsync<StaffAccountException>(() => _staff.CreateAsync("test set-up", "sam", "Other Sam", StaffRole.Dpo, null, "test account"));
        Assert.Contains("already exists", error.Message);
        Assert.Equal(StaffRole.Operator, (await _staff.FindAsync("sam"))!.Role);
    }

    private async Task<string> ReadyAccountAsync(string user)
    {
        var generated = await _staff.CreateAsync("test set-up", user, user, StaffRole.TransportAdmin, null, "test account");
        const string password = "a-long-enough-passphrase";
        await _staff.ChangePasswordAsync(user, generated, password);
        return password;
    }
}
