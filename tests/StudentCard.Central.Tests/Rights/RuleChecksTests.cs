using StudentCard.Core;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Rights;
using StudentCard.Central.Vault;
using StudentCard.Central.Tests.Rosters;
using static StudentCard.Central.Tests.Rights.RulesHost;

namespace StudentCard.Central.Tests.Rights;

/// <summary>What a rule change is checked against before anything is saved, who may make it, and the preview's sentence.</summary>
public sealed class RuleChecksTests : IAsyncLifetime
{
    private RosterHost _host = null!;
    private List<Core.Synthetic.SyntheticStudent> _pupils = null!;
    private Core.Synthetic.SyntheticStudent _other = null!;

    public async Task InitializeAsync()
    {
        _host = await StartAsync();
        _pupils = await EnrollAsync(_host, School, "5B", "5B", "6A");
        _other = (await EnrollAsync(_host, OtherSchool, "5B"))[0];
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private RuleService Rules => _host.Get<RuleService>();

    public static TheoryData<string, RuleDraft> Refused => new()
    {
        { "There is no site 'east'", Draft(ReaderType.Gate, RulePopulation.School, null, places: "north east") },
        { "Site 'north' has no zone 'annex'", Draft(ReaderType.Gate, RulePopulation.School, null, places: "north/annex") },
        { "There is no bus route 'r9'", Draft(ReaderType.Bus, RulePopulation.School, null, places: "r9") },
        { "There is no site 'r1'", Draft(ReaderType.Gate, RulePopulation.School, null, places: "r1") },
        { "There is no bus route 'north'", Draft(ReaderType.Bus, RulePopulation.School, null, places: "north") },
        { "A library rule names no places", Draft(ReaderType.Library, RulePopulation.School, null, places: "north") },
        { "There is no schedule 'night'", Draft(ReaderType.Gate, RulePopulation.School, null, schedule: "night") },
        { "Only gate rules have a schedule", Draft(ReaderType.Bus, RulePopulation.School, null, places: "r1", schedule: "pupils") },
        { "No pupil of Northfield Primary is in class '7C'", Draft(ReaderType.Gate, RulePopulation.Class, "7C") },
        { "No pupil of Northfield Primary is in grade '11'", Draft(ReaderType.Gate, RulePopulation.Grade, "11") },
        { "must end after it starts", Draft(ReaderType.Gate, RulePopulation.School, null, fromDays: 5, untilDays: 5) },
        { "No pupil belongs to school 'Nowhere'", Draft(ReaderType.Gate, RulePopulation.School, null, school: "Nowhere") },
        { "names at least one pupil", Draft(ReaderType.Gate, RulePopulation.Pupils, null) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_rule_that_does_not_fit_the_policy_or_the_roster_is_refused_and_nothing_changes(string message, RuleDraft draft)
    {
        var refused = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.CreateAsync(Operator, draft, "a reason"));
        Assert.Contains(message, refused.Message);
        Assert.EndsWith("Nothing was changed.", refused.Message);
        await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.PreviewAsync(Operator, null, draft));
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_pupil_of_another_school_cannot_be_named()
    {
        var list = Draft(ReaderType.Gate, RulePopulation.Pupils, null, pupils: [_pupils[0].StudentNumber, _other.StudentNumber]);
        var refused = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.CreateAsync(Operator, list, "a reason"));
        Assert.Contains($"Pupil {_other.StudentNumber} is not a pupil of {School}", refused.Message);

        var rule = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B"), "5B");
        await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.SetExceptionAsync(Operator, rule.Id, _other.StudentNumber, RuleExceptionKind.Add, "a reason"));
        await using var vault = _host.Vault();
        Assert.Empty(await vault.RuleExceptions.ToListAsync());
    }

    [Fact]
    public async Task A_change_without_a_reason_is_refused()
    {
        var refused = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.School, null), "  "));
        Assert.Contains("needs a reason", refused.Message);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task The_preview_says_who_gains_and_who_loses_with_the_schedule_read_from_the_policy()
    {
        var preview = await Rules.PreviewAsync(Operator, null, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: "north", schedule: "pupils"));
        Assert.Equal(new RulePreview(2, 0, "2 pupils gain gate access at north, Mon–Fri 07:00–18:00; 0 lose it"), preview);
        await AssertNothingChangedAsync();

        var rule = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: "north", schedule: "pupils"), "5B");
        var moved = await Rules.PreviewAsync(Operator, rule.Id, Draft(ReaderType.Gate, RulePopulation.Class, "6A", places: "north west"));
        Assert.Equal("1 pupil gains gate access at north, west; 2 lose it", moved.Sentence);
        var list = await Rules.PreviewAsync(Operator, null, Draft(ReaderType.Bus, RulePopulation.Pupils, null, places: "r1", pupils: [_pupils[0].StudentNumber]));
        Assert.Equal("1 pupil gains bus access on route r1; 0 lose it", list.Sentence);
        Assert.Equal(new RulePreview(0, 2, "0 pupils gain gate access at north, Mon–Fri 07:00–18:00; 2 lose it"), await Rules.PreviewDeleteAsync(Operator, rule.Id));
    }

    public static TheoryData<ReaderType, string, ReaderType, string, string> Scopes => new()
    {
        // A librarian on a gate rule, a transport admin on a library rule.
        { ReaderType.Library, School, ReaderType.Gate, School, "You manage library rules, not gate rules" },
        { ReaderType.Bus, School, ReaderType.Library, School, "You manage bus rules, not library rules" },
        // A school admin on another school's rule.
        { ReaderType.Gate, OtherSchool, ReaderType.Gate, School, $"You manage the gate rules of {OtherSchool}, not of {School}" },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public async Task An_editor_changes_only_the_rules_of_their_purpose_and_school(ReaderType purpose, string school, ReaderType rulePurpose, string ruleSchool, string message)
    {
        var editor = new RuleEditor("someone", purpose, school);
        var draft = Draft(rulePurpose, RulePopulation.School, null, school: ruleSchool);
        var refused = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.CreateAsync(editor, draft, "a reason"));
        Assert.True(refused.Forbidden);
        Assert.Contains(message, refused.Message);

        var rule = await Rules.CreateAsync(Operator, draft, "by the operator");
        await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.DeleteAsync(editor, rule.Id, "a reason"));
        await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.ChangeAsync(editor, rule.Id, draft, "a reason"));
        await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.SetExceptionAsync(editor, rule.Id, _pupils[0].StudentNumber, RuleExceptionKind.Withhold, "a reason"));
        Assert.DoesNotContain(await Rules.ListAsync(editor), r => r.Id == rule.Id);
        await using var vault = _host.Vault();
        Assert.Equal(1, await vault.AccessRules.CountAsync());
        Assert.Empty(await vault.RuleExceptions.ToListAsync());
    }

    [Fact]
    public async Task A_school_admin_cannot_name_another_schools_pupil_on_their_own_rule()
    {
        var admin = new RuleEditor("admin", ReaderType.Gate, School);
        var rule = await Rules.CreateAsync(admin, Draft(ReaderType.Gate, RulePopulation.Class, "5B"), "5B");
        var refused = await Assert.ThrowsAsync<RuleChangeRefused>(() => Rules.SetExceptionAsync(admin, rule.Id, _other.StudentNumber, RuleExceptionKind.Add, "a reason"));
        Assert.True(refused.Forbidden);
    }

    private async Task AssertNothingChangedAsync()
    {
        await using var vault = _host.Vault();
        Assert.Empty(await vault.AccessRules.ToListAsync());
        Assert.Empty(await vault.StudentPurposes.ToListAsync());
        await using var audit = _host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContext();
        Assert.False(await audit.Entries.AnyAsync(e => e.Action == AuditActions.RuleChanged));
    }
}
