using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Rights;
using StudentCard.Central.Rosters;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Local;
using static StudentCard.Central.Tests.Rights.RulesHost;

namespace StudentCard.Central.Tests.Rights;

/// <summary>Rights given to one pupil are their own rule; an enrolled card gets what the rules already give its pupil.</summary>
public sealed class PupilRightsTests : IAsyncLifetime
{
    private RosterHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private RuleService Rules => _host.Get<RuleService>();

    private static PurposeGrant Gate(int fromDays, int untilDays, string? places, string? schedule = null) =>
        new(ReaderType.Gate, RetentionCentral.T0.AddDays(fromDays), RetentionCentral.T0.AddDays(untilDays), places, schedule);

    [Fact]
    public async Task A_right_given_again_extends_the_pupils_own_rule_over_both_periods_and_places()
    {
        var pupil = (await EnrollAsync(_host, School, "5B"))[0];

        await Rules.GivePupilsAsync(Operator, [new PupilRight(pupil.StudentNumber, Gate(-1, 30, "north"))], "first term");
        await Rules.GivePupilsAsync(Operator, [new PupilRight(pupil.StudentNumber, Gate(10, 200, "west", "pupils"))], "the whole year");

        await using var vault = _host.Vault();
        var rule = Assert.Single(await vault.AccessRules.AsNoTracking().ToListAsync());
        Assert.Equal((AccessRule.PupilRuleName(pupil.StudentNumber), RulePopulation.Pupils, "north west", "pupils", RetentionCentral.T0.AddDays(-1), RetentionCentral.T0.AddDays(200)),
            (rule.Name, rule.Population, rule.Places, rule.Schedule, rule.ValidFrom, rule.ValidUntil));
        var right = Assert.Single(await RightsAsync(_host, pupil));
        Assert.Equal(("north west", "pupils", rule.Id.ToString()), (right.Places, right.Schedule, right.Rules));
        var entitlement = Assert.Single(await EntitlementsAsync(_host, pupil));
        Assert.Equal(("north west", RetentionCentral.T0.AddDays(200)), (entitlement.Places, entitlement.ValidUntil));
        await using var log = _host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContext();
        var audit = await log.Entries.Where(e => e.Action == AuditActions.RuleChanged).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.DoesNotContain(pupil.StudentNumber, e.Reason + e.Subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_right_refused_for_one_pupil_gives_none_of_the_batch()
    {
        var pupils = await EnrollAsync(_host, School, "5B", "5B");
        var other = (await EnrollAsync(_host, OtherSchool, "5B"))[0];

        var refused = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.GivePupilsAsync(Operator,
            [new PupilRight(pupils[0].StudentNumber, Gate(-1, 30, null)), new PupilRight(pupils[1].StudentNumber, Gate(-1, 30, "nowhere"))], "gate"));
        var twice = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.GivePupilsAsync(Operator,
            [new PupilRight(other.StudentNumber, Gate(-1, 30, null)), new PupilRight(other.StudentNumber, Gate(-1, 60, null))], "gate"));
        var unknown = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.GivePupilsAsync(Operator, [new PupilRight("S-none", Gate(-1, 30, null))], "gate"));
        var school = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.GivePupilsAsync(
            new RuleEditor("head", ReaderType.Gate, School), [new PupilRight(other.StudentNumber, Gate(-1, 30, null))], "gate"));

        Assert.Contains("There is no site 'nowhere'", refused.Message);
        Assert.Contains("same purpose twice", twice.Message);
        Assert.Contains("No pupil has student number S-none", unknown.Message);
        Assert.True(school.Forbidden);
        await using var vault = _host.Vault();
        Assert.False(await vault.AccessRules.AnyAsync());
        Assert.False(await vault.StudentPurposes.AnyAsync());
    }

    [Fact]
    public async Task A_card_enrolled_after_a_class_rule_exists_opens_what_the_rule_gives_at_once()
    {
        var first = (await EnrollAsync(_host, School, "5B"))[0];
        var rule = await Rules.CreateAsync(Operator, Draft(ReaderType.Bus, RulePopulation.Class, "5B", places: "r1"), "5B rides route 1");

        var newcomer = (await EnrollAsync(_host, School, "5B"))[0];

        var right = Assert.Single(await RightsAsync(_host, newcomer));
        Assert.Equal((ReaderType.Bus, "r1", rule.Id.ToString()), (right.Purpose, right.Places, right.Rules));
        var entitlement = Assert.Single(await EntitlementsAsync(_host, newcomer));
        Assert.Equal((ReaderType.Bus, "r1", rule.ValidUntil), (entitlement.Purpose, entitlement.Places, entitlement.ValidUntil));
        Assert.Single(await EntitlementsAsync(_host, first));
    }

    [Fact]
    public async Task A_pupils_own_rule_follows_a_student_number_the_roster_changed_and_goes_with_the_pupil_at_erasure()
    {
        var pupil = SyntheticRoster.Generate(1, seed: 91).Select(p => p with { School = School, ClassName = "5B" }).Single();
        var roster = SyntheticOneRoster.Of([pupil]);
        Assert.True((await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()))).Committed);
        await Rules.GivePupilsAsync(Operator, [new PupilRight(pupil.StudentNumber, Gate(-1, 30, "north"))], "first term");

        // The school renumbers its pupils: the same person (same sourcedId) comes back under a new number.
        var renumbered = pupil.StudentNumber + "R";
        roster.Users.Single(u => u["identifier"] == pupil.StudentNumber)["identifier"] = renumbered;
        var import = await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()));
        Assert.True(import.Committed, string.Join("; ", import.Errors));
        await Rules.GivePupilsAsync(Operator, [new PupilRight(renumbered, Gate(10, 200, "west"))], "the whole year");

        await using (var vault = _host.Vault())
        {
            var rule = Assert.Single(await vault.AccessRules.AsNoTracking().ToListAsync());
            Assert.Equal((AccessRule.PupilRuleName(renumbered), "north west", RetentionCentral.T0.AddDays(200)), (rule.Name, rule.Places, rule.ValidUntil));
        }

        // Renumbered once more, the rule still carries the number it was last extended under; the erasure finds it by its list.
        var again = pupil.StudentNumber + "S";
        roster.Users.Single(u => u["identifier"] == renumbered)["identifier"] = again;
        Assert.True((await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()))).Committed);
        var requests = _host.Get<SubjectRequests>();
        var erasure = await requests.OpenAsync(again, RequestKind.Erasure, RequesterRole.Guardian);
        await requests.VerifyAsync(erasure.Id, "guardian's ID card seen at the school office", "dpo");
        await _host.Get<SubjectEraser>().EraseAsync(erasure.Id);

        await using (var vault = _host.Vault())
        {
            Assert.False(await vault.AccessRules.AnyAsync());
            Assert.False(await vault.RuleExceptions.AnyAsync());
        }
    }
}
