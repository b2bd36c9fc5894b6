using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.CardEnrollment;

public sealed class EnrollmentTests : IAsyncLifetime
{
    private TestCentral _central = null!;

    // The places and schedule a right names must be the policy's.
    public async Task InitializeAsync() => _central = await TestCentral.StartAsync([.. Safety.SchoolSettings.Arguments, "--Access:Routes:0:Name=r1"]);

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task A_batch_writes_the_vault_and_each_purposes_pseudonyms_with_one_version_bump_per_purpose()
    {
        var students = SyntheticRoster.Generate(5);

        await _central.Enrollment.EnrollManyAsync([.. students.Select(s => Roster.Enrollee(s, _central.Keys))]);
        await _central.Services.GiveAsync([.. students.SelectMany((s, i) => (i % 2 == 0 ? new[] { ReaderType.Gate, ReaderType.Bus } : [ReaderType.Gate]).Select(p => (s, Roster.Valid(p))))]);

        await using var vault = _central.VaultDb();
        await using var db = _central.CentralDb();
        Assert.Equal(5, await vault.Students.CountAsync());
        Assert.Equal(5, await vault.Cards.CountAsync(c => c.Status == CardStatus.Issued));
        Assert.Equal(8, await vault.StudentPurposes.CountAsync());
        var expected = students.Select(s => Roster.Pseudonym(Roster.Token(s, _central.Keys), ReaderType.Gate, _central.Keys)).Order();
        Assert.Equal(expected, (await db.Entitlements.Where(e => e.Purpose == ReaderType.Gate).Select(e => e.Pseudonym).ToListAsync()).Order());
        Assert.Equal(3, await db.Entitlements.CountAsync(e => e.Purpose == ReaderType.Bus));
        var versions = await db.AllowListVersions.ToDictionaryAsync(v => v.Purpose, v => v.Version);
        Assert.Equal(new Dictionary<ReaderType, long> { [ReaderType.Gate] = 1, [ReaderType.Bus] = 1 }, versions);
    }

    [Fact]
    public async Task A_card_already_enrolled_is_refused_and_nothing_is_written()
    {
        var students = SyntheticRoster.Generate(2);
        await _central.Services.EnrollAsync([students[0]], Roster.Valid(ReaderType.Gate));

        var error = await Assert.ThrowsAsync<EnrollmentException>(() => _central.Enrollment.EnrollManyAsync(
        [
            Roster.Enrollee(students[1], _central.Keys),
            new Enrollee(Roster.Student(students[1]) with { StudentNumber = "S999999" }, Roster.Token(students[0], _central.Keys)),
        ]));

        Assert.Equal(EnrollmentError.CardAlreadyEnrolled, error.Error);
        Assert.DoesNotContain(students[0].GivenName, error.Message);
        await AssertCountsAsync(students: 1, entitlements: 1, gateVersion: 1);
    }

    [Fact]
    public async Task A_student_already_enrolled_is_refused_and_nothing_is_written()
    {
        var students = SyntheticRoster.Generate(1);
        await _central.Services.EnrollAsync([students[0]], Roster.Valid(ReaderType.Gate));

        var error = await Assert.ThrowsAsync<EnrollmentException>(() =>
            _central.Enrollment.EnrollAsync(Roster.Student(students[0]), Roster.RandomToken()));

        Assert.Equal(EnrollmentError.StudentAlreadyEnrolled, error.Error);
        await AssertCountsAsync(students: 1, entitlements: 1, gateVersion: 1);
    }

    [Fact]
    public async Task A_reissue_for_an_unknown_student_is_refused()
    {
        var error = await Assert.ThrowsAsync<EnrollmentException>(() => _central.Enrollment.ReissueCardAsync("S404", Roster.RandomToken()));

        Assert.Equal(EnrollmentError.UnknownStudent, error.Error);
        await AssertCountsAsync(students: 0, entitlements: 0, gateVersion: 0);
    }

    [Fact]
    public async Task A_right_given_at_enrollment_that_ends_before_it_starts_is_refused_and_makes_no_rule()
    {
        var student = SyntheticRoster.Generate(1)[0];
        await _central.Services.EnrollAsync([student]);
        var backwards = new PurposeGrant(ReaderType.Gate, Roster.Now, Roster.Now.AddDays(-1));

        var error = await Assert.ThrowsAsync<RuleChangeRefused>(() => _central.Services.GiveAsync([student], backwards));

        Assert.Contains("must end after it starts", error.Message);
        await AssertCountsAsync(students: 1, entitlements: 0, gateVersion: 0);
        await using var vault = _central.VaultDb();
        Assert.Equal(0, await vault.AccessRules.CountAsync());
        Assert.Equal(0, await vault.StudentPurposes.CountAsync());
    }

    [Fact]
    public async Task A_lost_card_stays_listed_as_lost_for_every_purpose_and_its_purposes_versions_are_bumped()
    {
        var students = SyntheticRoster.Generate(2);
        await _central.Services.EnrollAsync(students, Roster.Valid(ReaderType.Gate), Roster.Valid(ReaderType.Library));
        var lost = Roster.Token(students[0], _central.Keys);

        await _central.Enrollment.RevokeCardAsync(lost);

        await using var vault = _central.VaultDb();
        await using var db = _central.CentralDb();
        var card = await vault.Cards.SingleAsync(c => c.CardToken == lost.Value);
        Assert.Equal(CardStatus.Lost, card.Status);
        Assert.NotNull(card.RevokedAt);
        // Still listed, so a reader denies it as lost (and Central flags its use) rather than as an unknown card.
        var listed = await db.Entitlements.ToDictionaryAsync(e => e.Pseudonym, e => e.Status);
        Assert.Equal(4, listed.Count);
        Assert.Equal(Core.Rules.CardStatus.Lost, listed[Roster.Pseudonym(lost, ReaderType.Gate, _central.Keys)]);
        Assert.Equal(Core.Rules.CardStatus.Lost, listed[Roster.Pseudonym(lost, ReaderType.Library, _central.Keys)]);
        Assert.Equal(2, listed.Values.Count(status => status == Core.Rules.CardStatus.Active));
        Assert.Equal(2, await db.AllowListVersions.Where(v => v.Purpose == ReaderType.Gate).Select(v => v.Version).SingleAsync());
        Assert.Equal(2, await db.AllowListVersions.Where(v => v.Purpose == ReaderType.Library).Select(v => v.Version).SingleAsync());
    }

    [Fact]
    public async Task A_reissued_card_replaces_the_old_one_for_every_purpose_of_the_student()
    {
        var student = SyntheticRoster.Generate(1)[0];
        var oldToken = Roster.Token(student, _central.Keys);
        await _central.Services.EnrollAsync([student], Roster.Valid(ReaderType.Gate) with { Places = "north/main", Schedule = "pupils" }, Roster.Valid(ReaderType.Bus) with { Places = "r1" });
        var newToken = Roster.RandomToken();

        await _central.Enrollment.ReissueCardAsync(student.StudentNumber, newToken);

        await using var vault = _central.VaultDb();
        await using var db = _central.CentralDb();
        Assert.Equal(CardStatus.Revoked, (await vault.Cards.SingleAsync(c => c.CardToken == oldToken.Value)).Status);
        Assert.Equal(CardStatus.Issued, (await vault.Cards.SingleAsync(c => c.CardToken == newToken.Value)).Status);
        var pseudonyms = (await db.Entitlements.Select(e => e.Pseudonym).ToListAsync()).Order();
        Assert.Equal(new[] { ReaderType.Gate, ReaderType.Bus }.Select(p => Roster.Pseudonym(newToken, p, _central.Keys)).Order(), pseudonyms);
        var scope = await db.Entitlements.ToDictionaryAsync(e => e.Purpose, e => (e.Places, e.Schedule));
        Assert.Equal(("north/main", "pupils"), scope[ReaderType.Gate]);
        Assert.Equal(("r1", (string?)null), scope[ReaderType.Bus]);
        await Assert.ThrowsAsync<EnrollmentException>(() => _central.Enrollment.ReissueCardAsync(student.StudentNumber, newToken));
    }

    private async Task AssertCountsAsync(int students, int entitlements, long gateVersion)
    {
        await using var vault = _central.VaultDb();
        await using var db = _central.CentralDb();
        Assert.Equal(students, await vault.Students.CountAsync());
        Assert.Equal(students, await vault.Cards.CountAsync());
        Assert.Equal(entitlements, await db.Entitlements.CountAsync());
        Assert.Equal(gateVersion, await db.AllowListVersions.Where(v => v.Purpose == ReaderType.Gate).Select(v => v.Version).SingleOrDefaultAsync());
    }
}
