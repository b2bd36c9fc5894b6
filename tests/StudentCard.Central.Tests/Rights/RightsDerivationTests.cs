using StudentCard.Core;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Rights;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core.Keys;
using static StudentCard.Central.Tests.Rights.RulesHost;

namespace StudentCard.Central.Tests.Rights;

/// <summary>Rules give pupils rights, and the purpose store's entitlements follow, under every key version held.</summary>
public sealed class RightsDerivationTests : IAsyncLifetime
{
    private RosterHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private RuleService Rules => _host.Get<RuleService>();

    [Fact]
    public async Task A_class_rule_gives_its_pupils_the_right_and_their_cards_the_entitlement_and_no_one_else()
    {
        var pupils = await EnrollAsync(_host, School, "5B", "5B", "6A");
        var other = (await EnrollAsync(_host, OtherSchool, "5B"))[0];

        var rule = await Rules.CreateAsync(Operator, Draft(ReaderType.Bus, RulePopulation.Class, "5B", places: "r1"), "5B rides route 1");

        foreach (var pupil in pupils.Take(2))
        {
            var right = Assert.Single(await RightsAsync(_host, pupil));
            Assert.Equal((ReaderType.Bus, "r1", (string?)null, rule.Id.ToString()), (right.Purpose, right.Places, right.Schedule, right.Rules));
            var entitlement = Assert.Single(await EntitlementsAsync(_host, pupil));
            Assert.Equal((ReaderType.Bus, "r1", rule.ValidFrom, rule.ValidUntil), (entitlement.Purpose, entitlement.Places, entitlement.ValidFrom, entitlement.ValidUntil));
        }
        Assert.Empty(await RightsAsync(_host, pupils[2]));
        Assert.Empty(await EntitlementsAsync(_host, other));
    }

    [Fact]
    public async Task Withheld_pupils_lose_the_right_added_ones_gain_it_and_a_deleted_rule_takes_it_away()
    {
        var pupils = await EnrollAsync(_host, School, "5B", "5B", "6A");
        var rule = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: "north", schedule: "pupils"), "5B at north");

        await Rules.SetExceptionAsync(Operator, rule.Id, pupils[1].StudentNumber, RuleExceptionKind.Withhold, "moved to the annex");
        await Rules.SetExceptionAsync(Operator, rule.Id, pupils[2].StudentNumber, RuleExceptionKind.Add, "joins 5B's lessons");

        Assert.Single(await EntitlementsAsync(_host, pupils[0]));
        Assert.Empty(await EntitlementsAsync(_host, pupils[1]));
        Assert.Equal(("north", "pupils"), (await EntitlementsAsync(_host, pupils[2])).Select(e => (e.Places, e.Schedule)).Single());

        await using (var before = _host.Store())
        {
            var version = await before.AllowListVersions.SingleAsync(v => v.Purpose == ReaderType.Gate);
            await Rules.DeleteAsync(Operator, rule.Id, "5B changes building");
            await using var after = _host.Store();
            Assert.True((await after.AllowListVersions.SingleAsync(v => v.Purpose == ReaderType.Gate)).Version > version.Version);
        }
        Assert.Empty(await EntitlementsAsync(_host, pupils[0]));
        Assert.Empty(await EntitlementsAsync(_host, pupils[2]));
        Assert.Empty(await RightsAsync(_host, pupils[0]));
    }

    [Fact]
    public async Task Two_rules_for_one_pupil_merge_into_one_entry_that_names_both()
    {
        var pupil = (await EnrollAsync(_host, School, "5B"))[0];
        var day = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.School, null, places: "north", schedule: "pupils"), "school day");
        var evening = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: "west", schedule: "evening"), "evening club");

        var right = Assert.Single(await RightsAsync(_host, pupil));
        Assert.Equal(("north@pupils west@evening", (string?)null, $"{day.Id} {evening.Id}"), (right.Places, right.Schedule, right.Rules));
        var entitlements = await EntitlementsAsync(_host, pupil);
        Assert.Equal(_host.Get<KeyRing>().Versions(ReaderType.Gate).Count, entitlements.Count);
        Assert.All(entitlements, e => Assert.Equal("north@pupils west@evening", e.Places));
    }

    [Fact]
    public async Task Deactivated_and_restricted_pupils_keep_their_rights_in_the_vault_but_get_no_entitlement()
    {
        var pupils = await EnrollAsync(_host, School, "5B", "5B");
        var requests = _host.Get<SubjectRequests>();
        var restriction = await requests.OpenAsync(pupils[0].StudentNumber, RequestKind.Restriction, RequesterRole.Guardian);
        await requests.VerifyAsync(restriction.Id, "ID card", "dpo");
        await _host.Get<SubjectActions>().RestrictAsync(restriction.Id);

        await Rules.CreateAsync(Operator, Draft(ReaderType.Library, RulePopulation.Class, "5B"), "5B borrows books");

        Assert.Single(await RightsAsync(_host, pupils[0]));
        Assert.Empty(await EntitlementsAsync(_host, pupils[0]));
        Assert.Single(await EntitlementsAsync(_host, pupils[1]));
        // Nor does a new card bring one.
        var newCard = Support.Roster.RandomToken();
        await _host.Get<Central.CardEnrollment.EnrollmentService>().ReissueCardAsync(pupils[0].StudentNumber, newCard);
        await using (var store = _host.Store())
        {
            var pseudonyms = Central.Keys.StudentPseudonyms.Of([newCard.Value], _host.Get<KeyRing>()).Select(p => p.Value).ToList();
            Assert.False(await store.Entitlements.AnyAsync(e => pseudonyms.Contains(e.Pseudonym)));
        }
        Assert.Equal(1, await _host.Get<SubjectActions>().LiftRestrictionAsync(restriction.Id));
    }

    [Fact]
    public async Task A_purpose_objected_to_gives_neither_right_nor_entitlement_when_rules_change_later()
    {
        var pupils = await EnrollAsync(_host, School, "5B", "5B");
        await Rules.CreateAsync(Operator, Draft(ReaderType.Bus, RulePopulation.Class, "5B", places: "r1"), "5B rides route 1");
        var requests = _host.Get<SubjectRequests>();
        var objection = await requests.OpenAsync(pupils[0].StudentNumber, RequestKind.Objection, RequesterRole.Guardian, purpose: ReaderType.Bus);
        await requests.VerifyAsync(objection.Id, "ID card", "dpo");
        await _host.Get<SubjectActions>().ObjectAsync(objection.Id);

        await Rules.CreateAsync(Operator, Draft(ReaderType.Bus, RulePopulation.School, null, places: "r2"), "everyone rides route 2");
        await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.School, null, places: "north"), "everyone enters north");

        Assert.Equal([ReaderType.Gate], (await RightsAsync(_host, pupils[0])).Select(r => r.Purpose));
        Assert.Equal([ReaderType.Gate], (await EntitlementsAsync(_host, pupils[0])).Select(e => e.Purpose).Distinct());
        Assert.Equal([ReaderType.Gate, ReaderType.Bus], (await RightsAsync(_host, pupils[1])).Select(r => r.Purpose));
    }

    [Fact]
    public async Task When_a_rule_starts_the_rights_are_derived_again()
    {
        var pupil = (await EnrollAsync(_host, School, "5B"))[0];
        await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.School, null, places: "north", untilDays: 10), "this term");
        var next = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.School, null, places: "west", fromDays: 10, untilDays: 100), "next term");
        Assert.Equal("north", Assert.Single(await RightsAsync(_host, pupil)).Places);

        _host.Clock.Advance(TimeSpan.FromDays(10));

        var right = await Eventually(async () => (await RightsAsync(_host, pupil)).SingleOrDefault(r => r.Places == "west"));
        Assert.Equal(next.Id.ToString(), right.Rules);
    }

    [Fact]
    public async Task Every_change_is_audited_with_its_author_and_reason()
    {
        await EnrollAsync(_host, School, "5B");
        var rule = await Rules.CreateAsync(RuleEditor.System("ms.keller"), Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: "north"), "5B at north");
        await Rules.DeleteAsync(RuleEditor.System("mr.ode"), rule.Id, "wrong building");

        await using var audit = _host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContext();
        var entries = await audit.Entries.Where(e => e.Action == AuditActions.RuleChanged).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["ms.keller", "mr.ode"], entries.Select(e => e.Actor));
        Assert.EndsWith("reason: 5B at north", entries[0].Reason);
        Assert.StartsWith("deleted:", entries[1].Reason);
        Assert.EndsWith("reason: wrong building", entries[1].Reason);
        Assert.All(entries, e => Assert.Equal($"rule {rule.Id} (gate, {School})", e.Subject));
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("The rights were not derived again after the rule started.");
    }
}
