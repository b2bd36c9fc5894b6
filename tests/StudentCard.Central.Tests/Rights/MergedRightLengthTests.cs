using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Rights;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core;
using static StudentCard.Central.Tests.Rights.RulesHost;

namespace StudentCard.Central.Tests.Rights;

/// <summary>
/// A pupil's merged right fits its stored entry (<see cref="StudentPurpose.MaxPlaces"/>): a rule change after which some pupil's
/// places (each carrying its rule's schedule) would run longer is refused with its reason and changes nothing.
/// </summary>
public sealed class MergedRightLengthTests : IAsyncLifetime
{
    private RosterHost _host = null!;
    private List<Core.Synthetic.SyntheticStudent> _pupils = null!;

    public async Task InitializeAsync()
    {
        _host = await RosterHost.StartAsync([.. Settings, .. LongZoneSettings]);
        _pupils = await EnrollAsync(_host, School, "5B", "6A");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private RuleService Rules => _host.Get<RuleService>();

    private async Task<(int Rules, int Named, string Rights, int Audited)> StateAsync()
    {
        await using var vault = _host.Vault();
        await using var audit = _host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContext();
        var rights = await vault.StudentPurposes.AsNoTracking().OrderBy(p => p.StudentId).Select(p => $"{p.StudentId}:{p.Places}@{p.Schedule}:{p.Rules}").ToListAsync();
        return (await vault.AccessRules.CountAsync(), await vault.RuleExceptions.CountAsync(), string.Join("|", rights),
            await audit.Entries.CountAsync(e => e.Action == AuditActions.RuleChanged));
    }

    [Fact]
    public async Task A_rule_whose_merge_with_another_would_not_fit_is_refused_on_create_change_and_exception_and_nothing_changes()
    {
        await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: LongPlaces(8), schedule: "pupils"), "5B's classrooms by day");
        var evening = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "6A", places: LongPlaces(8), schedule: "evening"), "6A's classrooms in the evening");
        var before = await StateAsync();

        var created = await Assert.ThrowsAsync<RuleChangeRefused>(() =>
            Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: LongPlaces(8), schedule: "evening"), "5B's evening study"));
        var changed = await Assert.ThrowsAsync<RuleChangeRefused>(() =>
            Rules.ChangeAsync(Operator, evening.Id, Draft(ReaderType.Gate, RulePopulation.School, null, places: LongPlaces(8), schedule: "evening"), "everyone's evening study"));
        var added = await Assert.ThrowsAsync<RuleChangeRefused>(() =>
            Rules.SetExceptionAsync(Operator, evening.Id, _pupils[0].StudentNumber, RuleExceptionKind.Add, "joins the evening study"));

        foreach (var refused in new[] { created, changed, added })
        {
            Assert.StartsWith("After this change 1 pupil would hold a gate right merged from so many rules' places and schedules that it runs to ", refused.Message);
            Assert.EndsWith($"a right holds at most {StudentPurpose.MaxPlaces}. Give these rules fewer places or the same schedule, or merge them into one rule. Nothing was changed.", refused.Message);
        }
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task The_same_places_on_the_same_schedule_merge_without_schedules_and_fit()
    {
        var day = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: LongPlaces(8), schedule: "pupils"), "5B's classrooms");
        var school = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.School, null, places: LongPlaces(8), schedule: "pupils"), "everyone's classrooms");

        await using var vault = _host.Vault();
        var right = await vault.StudentPurposes.AsNoTracking().FirstAsync(p => p.Rules == $"{day.Id} {school.Id}");
        Assert.Equal((LongPlaces(8), "pupils"), (right.Places, right.Schedule));
        Assert.True(right.Fits());
    }

    [Fact]
    public async Task A_rule_naming_more_places_than_an_entry_holds_is_refused()
    {
        var before = await StateAsync();

        var refused = await Assert.ThrowsAsync<RuleChangeRefused>(() =>
            Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: LongPlaces(LongZones)), "every classroom"));

        Assert.Equal($"A rule's places run to at most {StudentPurpose.MaxPlaces} characters; name a site rather than each of its zones, or split the rule. Nothing was changed.", refused.Message);
        Assert.Equal(before, await StateAsync());
    }
}
