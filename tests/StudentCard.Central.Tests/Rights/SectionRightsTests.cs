using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Rights;
using StudentCard.Central.Rosters;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Local;
using StudentCard.Core.Synthetic;
using static StudentCard.Central.Tests.Rights.RulesHost;

namespace StudentCard.Central.Tests.Rights;

/// <summary>A class rule covers every pupil the roster enrolls in that class or section, not only those whose first class it is.</summary>
public sealed class SectionRightsTests : IAsyncLifetime
{
    private RosterHost _host = null!;
    private SyntheticStudent _pupil = null!;
    private SyntheticStudent _classmate = null!;

    public async Task InitializeAsync()
    {
        _host = await RosterHost.StartAsync([.. Settings, .. LongZoneSettings]);
        var pupils = SyntheticRoster.Generate(2, seed: 77).Select(p => p with { School = School, ClassName = "5B" }).ToList();
        (_pupil, _classmate) = (pupils[0], pupils[1]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private RuleService Rules => _host.Get<RuleService>();

    /// <summary>Imports the roster of both pupils, each enrolled in exactly the classes given (the classmate by default in 5B).</summary>
    private async Task ImportAsync(string[] pupilClasses, string[]? classmateClasses = null)
    {
        var roster = SyntheticOneRoster.Of([_pupil, _classmate]);
        var template = roster.Enrollments[0];
        roster.Enrollments.Clear();
        foreach (var (pupil, classes) in new[] { (_pupil, pupilClasses), (_classmate, classmateClasses ?? ["5B"]) })
        {
            var user = $"stu-{pupil.StudentNumber[1..]}";
            foreach (var title in classes)
            {
                var id = $"section-{title.ToLowerInvariant()}";
                if (roster.Classes.All(c => c["sourcedId"] != id))
                {
                    roster.Classes.Add(new Dictionary<string, string>(roster.Classes[0]) { ["sourcedId"] = id, ["title"] = title, ["classType"] = "scheduled" });
                }
                roster.Enrollments.Add(new Dictionary<string, string>(template) { ["sourcedId"] = $"enr-{user}-{id}", ["classSourcedId"] = id, ["userSourcedId"] = user });
            }
        }
        var result = await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()));
        Assert.True(result.Committed, string.Join("; ", result.Errors));
    }

    private async Task<StudentPurpose?> RightAsync(SyntheticStudent pupil, ReaderType purpose)
    {
        await using var vault = _host.Vault();
        var id = await vault.Students.Where(s => s.StudentNumber == pupil.StudentNumber).Select(s => s.Id).SingleAsync();
        return await vault.StudentPurposes.AsNoTracking().SingleOrDefaultAsync(p => p.StudentId == id && p.Purpose == purpose);
    }

    private async Task<(string? Places, string? Schedule, string Rules)> HeldAsync(SyntheticStudent pupil, ReaderType purpose) =>
        await RightAsync(pupil, purpose) is { } right ? (right.Places, right.Schedule, right.Rules) : default;

    [Fact]
    public async Task A_pupil_in_two_sections_gets_both_rules_and_leaving_one_in_the_roster_loses_only_that_rules_right()
    {
        await ImportAsync(["5B", "Choir"]);
        var home = await Rules.CreateAsync(Operator, Draft(ReaderType.Bus, RulePopulation.Class, "5B", places: "r1"), "5B rides route 1");
        var choir = await Rules.CreateAsync(Operator, Draft(ReaderType.Bus, RulePopulation.Class, "Choir", places: "r2"), "the choir rides route 2");

        Assert.Equal(("r1 r2", null, $"{home.Id} {choir.Id}"), await HeldAsync(_pupil, ReaderType.Bus));
        Assert.Equal(("r1", null, home.Id.ToString()), await HeldAsync(_classmate, ReaderType.Bus));

        await ImportAsync(["5B"]);
        Assert.Equal(("r1", null, home.Id.ToString()), await HeldAsync(_pupil, ReaderType.Bus));

        // Leaving the first class keeps the section's right: no enrollment stands above another.
        await ImportAsync(["Choir"]);
        Assert.Equal(("r2", null, choir.Id.ToString()), await HeldAsync(_pupil, ReaderType.Bus));
        Assert.Equal(("r1", null, home.Id.ToString()), await HeldAsync(_classmate, ReaderType.Bus));
    }

    [Fact]
    public async Task A_section_only_some_pupils_take_is_a_class_a_rule_may_name_and_its_preview_counts_them()
    {
        await ImportAsync(["5B", "Choir"]);

        var preview = await Rules.PreviewAsync(Operator, null, Draft(ReaderType.Bus, RulePopulation.Class, "Choir", places: "r2"));

        Assert.Equal((1, 0), (preview.Gain, preview.Lose));
    }

    [Fact]
    public async Task A_roster_that_would_merge_a_pupils_rules_past_the_entrys_length_leaves_them_the_right_they_held()
    {
        // Nobody is in both 5B and the study section when the rules are made, so each rule fits.
        await ImportAsync(["5B"], ["6A", "Study"]);
        var day = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: LongPlaces(8), schedule: "pupils"), "5B's classrooms by day");
        var study = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "Study", places: LongPlaces(8), schedule: "evening"), "evening study");

        await ImportAsync(["5B", "Study"], ["6A", "Study"]);

        Assert.Equal((LongPlaces(8), "pupils", day.Id.ToString()), await HeldAsync(_pupil, ReaderType.Gate));
        Assert.Equal((LongPlaces(8), "evening", study.Id.ToString()), await HeldAsync(_classmate, ReaderType.Gate));

        await ImportAsync(["Study"], ["6A", "Study"]);
        Assert.Equal((LongPlaces(8), "evening", study.Id.ToString()), await HeldAsync(_pupil, ReaderType.Gate));
    }
}
