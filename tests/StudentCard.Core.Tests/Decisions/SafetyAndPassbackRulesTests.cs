using StudentCard.Core.Passages;
using StudentCard.Core.Rules;
using static StudentCard.Core.Tests.Decisions.RulesFixture;

namespace StudentCard.Core.Tests.Decisions;

/// <summary>Anti-passback, lockdown and evacuation, places and stale lists.</summary>
public sealed class SafetyAndPassbackRulesTests
{
    private const string Now = "2026-11-23T08:05:00+01:00";

    [Theory]
    // Hard zone: a second entry in a row is denied, an entry after an exit is not.
    [InlineData("main", "In", "2026-11-23T08:00:00+01:00", Decision.Deny, ReasonCode.AntiPassback)]
    [InlineData("main", "Out", "2026-11-23T08:00:00+01:00", Decision.Allow, ReasonCode.None)]
    // A forgotten exit yesterday: the daily reset (03:00) has passed, so this morning's entry is fine.
    [InlineData("main", "In", "2026-11-22T16:00:00+01:00", Decision.Allow, ReasonCode.None)]
    // The reset is the site's 03:00: an entry at 02:59 today no longer counts, one at 03:00 does.
    [InlineData("main", "In", "2026-11-23T02:59:59+01:00", Decision.Allow, ReasonCode.None)]
    [InlineData("main", "In", "2026-11-23T03:00:00+01:00", Decision.Deny, ReasonCode.AntiPassback)]
    // Soft zone: let through, flagged.
    [InlineData("annex", "In", "2026-11-23T08:00:00+01:00", Decision.Allow, ReasonCode.AntiPassback)]
    // Zone with anti-passback off.
    [InlineData("hall", "In", "2026-11-23T08:00:00+01:00", Decision.Allow, ReasonCode.None)]
    public void Anti_passback(string zone, string lastDirection, string lastAt, Decision decision, ReasonCode reason)
    {
        var reader = new ReaderPlace(ReaderType.Gate, "north", zone, Direction: Direction.In);
        var last = new RecentPassage(Enum.Parse<Direction>(lastDirection), At(lastAt));
        Assert.Equal(new AccessDecision(decision, reason), Decide(Entry(places: "north"), Now, reader, last));
    }

    [Fact]
    public void Anti_passback_resets_after_its_time_without_a_daily_reset_in_between()
    {
        // Entry at 03:30, next entry at 15:29 (11 h 59) is still a passback; at 15:31 the 12-hour reset has passed.
        var last = new RecentPassage(Direction.In, At("2026-11-23T03:30:00+01:00"));
        Assert.Equal(ReasonCode.AntiPassback, Decide(Entry(schedule: null), "2026-11-23T15:29:00+01:00", last: last).Reason);
        Assert.Equal(ReasonCode.None, Decide(Entry(schedule: null), "2026-11-23T15:31:00+01:00", last: last).Reason);
    }

    [Theory]
    // 02:30 does not exist on 29 March 2026 in Paris: the reset happens at 03:00 CEST, the first moment after the gap.
    [InlineData("2026-03-29T12:00:00+02:00", "2026-03-29T03:00:00+02:00")]
    // 02:30 happens twice on 25 October 2026: the later one (CET) is the last reset.
    [InlineData("2026-10-25T12:00:00+01:00", "2026-10-25T02:30:00+01:00")]
    // Between the two 02:30s, the first one (CEST) is the last reset.
    [InlineData("2026-10-25T02:45:00+02:00", "2026-10-25T02:30:00+02:00")]
    // Before today's reset, yesterday's counts.
    [InlineData("2026-11-23T01:00:00+01:00", "2026-11-22T02:30:00+01:00")]
    public void Daily_reset_across_daylight_saving(string now, string expected) =>
        Assert.Equal(At(expected), North.LastLocal(new TimeOnly(2, 30), At(now)));

    [Fact]
    public void Readers_without_a_direction_do_not_apply_anti_passback()
    {
        var reader = new ReaderPlace(ReaderType.Gate, "north", "main");
        var last = new RecentPassage(Direction.In, At("2026-11-23T08:00:00+01:00"));
        Assert.Equal(AccessDecision.Allowed, Decide(Entry(), Now, reader, last));
    }

    public static TheoryData<string, AllowListEntry?, SafetyMode, string, Decision, ReasonCode> SafetyCases() => new()
    {
        // Lockdown overrides everything...
        { "valid pupil", Entry(), SafetyMode.Lockdown, "", Decision.Deny, ReasonCode.Lockdown },
        { "unknown card", null, SafetyMode.Lockdown, "", Decision.Deny, ReasonCode.Lockdown },
        // ...except the override list, even outside its schedule, with an expired card or a passback.
        { "override, in hours", Entry(), SafetyMode.Lockdown, Card, Decision.Allow, ReasonCode.None },
        { "override, night", Entry(), SafetyMode.Lockdown, Card, Decision.Allow, ReasonCode.None },
        { "override, expired", Entry(until: "2026-10-01T00:00+02:00"), SafetyMode.Lockdown, Card, Decision.Allow, ReasonCode.None },
        // An evacuation releases everyone, flagged as such.
        { "evacuation, unknown", null, SafetyMode.Evacuation, "", Decision.Allow, ReasonCode.Evacuation },
        { "evacuation, lost card", Entry(status: CardStatus.Lost), SafetyMode.Evacuation, "", Decision.Allow, ReasonCode.Evacuation },
        { "normal", Entry(), SafetyMode.Normal, "", Decision.Allow, ReasonCode.None },
    };

    [Theory]
    [MemberData(nameof(SafetyCases))]
    public void Lockdown_and_evacuation(string name, AllowListEntry? entry, SafetyMode mode, string overridePseudonym, Decision decision, ReasonCode reason)
    {
        var at = name.Contains("night") ? "2026-11-23T23:00:00+01:00" : Now;
        var siteMode = new SiteMode("north", mode, new HashSet<string> { overridePseudonym }, 7, At("2026-11-23T08:00:00+01:00"));
        var last = new RecentPassage(Direction.In, At("2026-11-23T08:00:00+01:00"));
        // Override holders and evacuees pass even straight after an entry (a passback in normal times).
        var passback = name.StartsWith("override") || name.StartsWith("evacuation");
        Assert.Equal(new AccessDecision(decision, reason), Decide(entry, at, last: passback ? last : null, mode: siteMode));
    }

    [Fact]
    public void A_safety_mode_applies_to_its_own_site_and_to_gates_only()
    {
        var lockdownSouth = new SiteMode("south", SafetyMode.Lockdown, new HashSet<string>(), 1, At(Now));
        Assert.Equal(AccessDecision.Allowed, Decide(Entry(), Now, mode: lockdownSouth));
        var library = new ReaderPlace(ReaderType.Library, "north");
        var lockdownNorth = lockdownSouth with { Site = "north" };
        Assert.Equal(AccessDecision.Allowed, Decide(Entry(schedule: null), Now, library, mode: lockdownNorth));
    }

    [Theory]
    [InlineData("north", "north/main", null, ReasonCode.None)]
    [InlineData("north/main", "north/main", null, ReasonCode.None)]
    [InlineData("north/annex", "north/main", null, ReasonCode.NotEligibleHere)]
    [InlineData("south", "north/main", null, ReasonCode.NotEligibleHere)]
    [InlineData("south north", "north/main", null, ReasonCode.None)]
    [InlineData("*", "north/main", null, ReasonCode.None)]
    [InlineData("R12 R14", null, "R14", ReasonCode.None)]
    [InlineData("R12 R14", null, "R7", ReasonCode.NotEligibleForRoute)]
    [InlineData("R12", null, null, ReasonCode.NotEligibleForRoute)]
    [InlineData(null, null, "R7", ReasonCode.None)]
    public void Places_and_routes(string? places, string? gate, string? route, ReasonCode reason)
    {
        var reader = gate is null
            ? new ReaderPlace(ReaderType.Bus, Route: route)
            : new ReaderPlace(ReaderType.Gate, gate.Split('/')[0], gate.Split('/')[1]);
        Assert.Equal(reason, Decide(Entry(schedule: null, places: places), Now, reader).Reason);
    }

    [Fact]
    public void An_unknown_card_on_a_stale_list_is_blamed_on_the_list()
    {
        Assert.Equal(ReasonCode.UnknownCard, Decide(null, Now).Reason);
        Assert.Equal(ReasonCode.StaleAllowList, Decide(null, Now, stale: true).Reason);
        // A card the stale list does know is still decided on its own merits.
        Assert.Equal(ReasonCode.None, Decide(Entry(), Now, stale: true).Reason);
    }

    [Fact]
    public void Policy_problems_are_named()
    {
        Assert.Empty(Policy.Problems());
        var bad = Policy with
        {
            Sites = [.. Policy.Sites, new Site("west", "Mars/Olympus", [new Closure(new DateOnly(2026, 2, 2), new DateOnly(2026, 2, 1))])],
            Zones = [.. Policy.Zones, new ZonePolicy("east", "main", AntiPassbackMode.Hard, TimeSpan.Zero, new TimeOnly(3, 0))],
        };
        var problems = string.Join("\n", bad.Problems());
        Assert.Contains("unknown time zone 'Mars/Olympus'", problems);
        Assert.Contains("closure ends", problems);
        Assert.Contains("no site 'east'", problems);
        Assert.Contains("positive reset time", problems);
    }
}
