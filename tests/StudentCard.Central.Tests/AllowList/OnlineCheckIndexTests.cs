using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Synthetic;
using StudentCard.Protos.V1;
using CoreType = StudentCard.Core.ReaderType;

namespace StudentCard.Central.Tests.AllowList;

/// <summary>CheckCard answers from the in-memory entitlement index, never from an allow-list older than the committed one.</summary>
public sealed class OnlineCheckIndexTests : IAsyncLifetime
{
    private TestCentral _central = null!;

    public async Task InitializeAsync() => _central = await TestCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task A_card_enrolled_or_revoked_after_the_index_was_loaded_is_checked_by_the_new_list_at_once()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", CoreType.Gate);
        var client = _central.Client(id, secret);
        var students = SyntheticRoster.Generate(2);
        await _central.Services.EnrollAsync([students[0]], Roster.Valid(CoreType.Gate));
        var first = Roster.Pseudonym(Roster.Token(students[0], _central.Keys), CoreType.Gate, _central.Keys);
        var second = Roster.Pseudonym(Roster.Token(students[1], _central.Keys), CoreType.Gate, _central.Keys);
        var loaded = await client.CheckCardAsync(new CheckCardRequest { Pseudonym = second });

        await _central.Services.EnrollAsync([students[1]], Roster.Valid(CoreType.Gate));
        var enrolled = await client.CheckCardAsync(new CheckCardRequest { Pseudonym = second });
        await _central.Enrollment.RevokeCardAsync(Roster.Token(students[0], _central.Keys));
        var revoked = await client.CheckCardAsync(new CheckCardRequest { Pseudonym = first });

        Assert.Equal((Decision.Deny, ReasonCode.UnknownCard, 1L), (loaded.Decision, loaded.Reason, loaded.AllowListVersion));
        Assert.Equal((Decision.Allow, ReasonCode.Unspecified, 2L), (enrolled.Decision, enrolled.Reason, enrolled.AllowListVersion));
        // Reported lost: still listed, so the check names the reason rather than an unknown card.
        Assert.Equal((Decision.Deny, ReasonCode.LostCard, 3L), (revoked.Decision, revoked.Reason, revoked.AllowListVersion));
    }

    [Fact]
    public async Task The_index_holds_one_version_and_is_rebuilt_when_any_writer_commits_a_newer_one()
    {
        var (id, secret) = await _central.RegisterAsync("bus-1", CoreType.Bus);
        var client = _central.Client(id, secret);
        var student = SyntheticRoster.Generate(1)[0];
        await _central.Services.EnrollAsync([student], Roster.Valid(CoreType.Bus));
        var pseudonym = Roster.Pseudonym(Roster.Token(student, _central.Keys), CoreType.Bus, _central.Keys);
        var before = await client.CheckCardAsync(new CheckCardRequest { Pseudonym = pseudonym });

        // A change without a new version is not an allow-list change: the index answers as of the version it holds.
        await using (var db = _central.CentralDb())
        {
            await db.Entitlements.Where(e => e.Pseudonym == pseudonym).ExecuteDeleteAsync();
        }
        var sameVersion = await client.CheckCardAsync(new CheckCardRequest { Pseudonym = pseudonym });
        // Another writer (not this process's enrollment) commits a newer version: the first check after the recheck interval loads it.
        await using (var db = _central.CentralDb())
        {
            await db.AllowListVersions.Where(v => v.Purpose == CoreType.Bus).ExecuteUpdateAsync(v => v.SetProperty(x => x.Version, x => x.Version + 1));
        }
        await Task.Delay(EntitlementIndex.VersionRecheck * 2);
        var newVersion = await client.CheckCardAsync(new CheckCardRequest { Pseudonym = pseudonym });

        Assert.Equal((Decision.Allow, 1L), (before.Decision, before.AllowListVersion));
        Assert.Equal((Decision.Allow, 1L), (sameVersion.Decision, sameVersion.AllowListVersion));
        Assert.Equal((Decision.Deny, ReasonCode.UnknownCard, 2L), (newVersion.Decision, newVersion.Reason, newVersion.AllowListVersion));
    }

    [Fact]
    public async Task Many_checks_racing_a_stream_of_enrollments_never_see_a_version_older_than_the_committed_one()
    {
        var (id, secret) = await _central.RegisterAsync("gate-2", CoreType.Gate);
        var client = _central.Client(id, secret);
        var students = SyntheticRoster.Generate(12, seed: 5);
        var pseudonyms = students.Select(s => Roster.Pseudonym(Roster.Token(s, _central.Keys), CoreType.Gate, _central.Keys)).ToArray();

        for (var i = 0; i < students.Count; i++)
        {
            await _central.Services.EnrollAsync([students[i]], Roster.Valid(CoreType.Gate));
            var checks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.CheckCardAsync(new CheckCardRequest { Pseudonym = pseudonyms[i] }).ResponseAsync));
            Assert.All(checks, reply => Assert.Equal((Decision.Allow, (long)i + 1), (reply.Decision, reply.AllowListVersion)));
        }
    }
}
