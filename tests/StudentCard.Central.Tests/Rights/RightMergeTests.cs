using StudentCard.Core;
using StudentCard.Central.Rights;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Tests.Rights;

/// <summary>Several rules for one pupil and purpose become the one entry a reader's list carries.</summary>
public sealed class RightMergeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static AccessRule Rule(long id, string? places, string? schedule, int fromDays = -10, int untilDays = 10) => new()
    {
        Id = id,
        School = "s",
        Purpose = ReaderType.Gate,
        Name = $"r{id}",
        Places = places,
        Schedule = schedule,
        ValidFrom = Now.AddDays(fromDays),
        ValidUntil = Now.AddDays(untilDays),
        ChangedBy = "t",
    };

    [Theory]
    // One schedule for all: the places' union under it.
    [InlineData("north", "pupils", "west", "pupils", "north west", "pupils")]
    [InlineData("north", "pupils", "north", "pupils", "north", "pupils")]
    // A rule for everywhere makes the union everywhere.
    [InlineData(null, "pupils", "west", "pupils", null, "pupils")]
    // Different schedules: each place carries its own; no places but a schedule is everywhere on it.
    [InlineData("north", "pupils", "west", "evening", "north@pupils west@evening", null)]
    [InlineData("north", "pupils", null, "evening", "north@pupils *@evening", null)]
    [InlineData("north/main", "pupils", "north", null, "north/main@pupils north", null)]
    [InlineData(null, null, "north", "evening", "* north@evening", null)]
    public void Rules_in_effect_merge_their_places_and_schedules(string? places1, string? schedule1, string? places2, string? schedule2, string? places, string? schedule)
    {
        var (grant, ids) = RightMerge.Merge([Rule(1, places1, schedule1), Rule(2, places2, schedule2)], Now);
        Assert.Equal((places, schedule), (grant.Places, grant.Schedule));
        Assert.Equal([1L, 2L], ids);
    }

    [Fact]
    public void Validity_is_the_hull_of_the_rules_in_effect()
    {
        var (grant, _) = RightMerge.Merge([Rule(1, "north", null, -10, 5), Rule(2, "north", null, -3, 20)], Now);
        Assert.Equal((Now.AddDays(-10), Now.AddDays(20)), (grant.ValidFrom, grant.ValidUntil));
    }

    [Fact]
    public void Rules_in_effect_win_over_upcoming_and_ended_ones()
    {
        var (grant, ids) = RightMerge.Merge([Rule(1, "west", null, -30, -20), Rule(2, "north", null, -1, 1), Rule(3, "west", null, 5, 30)], Now);
        Assert.Equal([2L], ids);
        Assert.Equal(("north", Now.AddDays(-1), Now.AddDays(1)), (grant.Places, grant.ValidFrom, grant.ValidUntil));
    }

    [Fact]
    public void Without_a_rule_in_effect_the_next_to_start_is_chosen()
    {
        var (grant, ids) = RightMerge.Merge([Rule(1, "west", null, -30, -20), Rule(2, "north", null, 30, 60), Rule(3, "north", null, 5, 30)], Now);
        Assert.Equal([3L], ids);
        Assert.Equal(Now.AddDays(5), grant.ValidFrom);
    }

    [Fact]
    public void With_only_ended_rules_the_last_to_end_is_chosen_so_a_refusal_says_expired()
    {
        var (grant, ids) = RightMerge.Merge([Rule(1, "west", null, -30, -20), Rule(2, "north", null, -30, -2)], Now);
        Assert.Equal([2L], ids);
        Assert.Equal(Now.AddDays(-2), grant.ValidUntil);
    }
}
