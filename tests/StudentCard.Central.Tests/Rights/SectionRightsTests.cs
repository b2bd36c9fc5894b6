using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Rights;
using StudentCard.Central.Rosters;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;
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
        _host = await StartAsync();
        var pupils = SyntheticRoster.Generate(2, seed: 77).Select(p => p with { School = School, ClassName = "5B" }).ToList();
        (_pupil, _classmate) = (pupils[0], pupils[1]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private RuleService Rules => _host.Get<RuleService>();

    /// <summary>The roster of both pupils, the first also enrolled in the listed sections, after their home class 5B when <paramref name="home"/>.</summary>
    private async Task ImportAsync(bool home, params string[] sections)
    {
        var roster = SyntheticOneRoster.Of([_pupil, _classmate]);
        var user = $"stu-{_pupil.StudentNumber[1..]}";
        if (!home)
        {
            roster.Enrollments.RemoveAll(e => e["userSourcedId"] == user);
        }
        foreach (var section in sections)
        {
            var id = $"section-{section.ToLowerInvariant()}";
            var row = new Dictionary<string, string>(roster.Classes[0]) { ["sourcedId"] = id, ["title"] = section, ["classType"] = "scheduled" };
            roster.Classes.Add(row);
            roster.Enrollments.Add(new Dictionary<string, string>(roster.Enrollments[^1])
            {
                ["sourcedId"] = $"enr-{section.ToLowerInvariant()}", ["classSourcedId"] = id, ["userSourcedId"] = user, ["primary"] = "false",
            });
        }
        var result = await _host.Import.CommitAsync(RosterSource.FromTexts(roster.Files()));
        Assert.True(result.Committed, string.Join("; ", result.Errors));
    }

    private async Task<StudentPurpose?> BusRightAsync(SyntheticStudent pupil)
    {
        await using var vault = _host.Vault();
        var id = await vault.Students.Where(s => s.StudentNumber == pupil.StudentNumber).Select(s => s.Id).SingleAsync();
        return await vault.StudentPurposes.AsNoTracking().SingleOrDefaultAsync(p => p.StudentId == id && p.Purpose == ReaderType.Bus);
    }

    [Fact]
    public async Task A_pupil_in_two_sections_gets_both_rules_and_leaving_one_in_the_roster_loses_only_that_rules_right()
    {
        await ImportAsync(home: true, "Choir");
        var home = await Rules.CreateAsync(Operator, Draft(ReaderType.Bus, RulePopulation.Class, "5B", places: "r1"), "5B rides route 1");
        var choir = await Rules.CreateAsync(Operator, Draft(ReaderType.Bus, RulePopulation.Class, "Choir", places: "r2"), "the choir rides route 2");

        var both = await BusRightAsync(_pupil);
        Assert.Equal(("r1 r2", $"{home.Id} {choir.Id}"), (both!.Places, both.Rules));
        Assert.Equal(("r1", home.Id.ToString()), ((await BusRightAsync(_classmate))!.Places, (await BusRightAsync(_classmate))!.Rules));

        await ImportAsync(home: true);
        var afterChoir = await BusRightAsync(_pupil);
        Assert.Equal(("r1", home.Id.ToString()), (afterChoir!.Places, afterChoir.Rules));

        // Leaving the first class keeps the section's right: no enrollment is the pupil's only class.
        await ImportAsync(home: false, "Choir");
        var afterHome = await BusRightAsync(_pupil);
        Assert.Equal(("r2", choir.Id.ToString()), (afterHome!.Places, afterHome.Rules));
        Assert.Equal(("r1", home.Id.ToString()), ((await BusRightAsync(_classmate))!.Places, (await BusRightAsync(_classmate))!.Rules));
    }

    [Fact]
    public async Task A_section_only_some_pupils_take_is_a_class_a_rule_may_name_and_its_preview_counts_them()
    {
        await ImportAsync(home: true, "Choir");

        var preview = await Rules.PreviewAsync(Operator, null, Draft(ReaderType.Bus, RulePopulation.Class, "Choir", places: "r2"));

        Assert.Equal((1, 0), (preview.Gain, preview.Lose));
    }
}
