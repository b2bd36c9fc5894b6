using StudentCard.Core.Passages;
using StudentCard.Core.Rules;
using static StudentCard.Core.Tests.Decisions.RulesFixture;

namespace StudentCard.Core.Tests.Decisions;

/// <summary>Place tokens that carry their own schedule ("north@pupils"), as several rules merged into one entry give them.</summary>
public sealed class QualifiedPlaceRulesTests
{
    private static readonly ReaderPlace SouthIn = new(ReaderType.Gate, "south", "main", Direction: Direction.In);

    [Theory]
    // Monday 23 November 2026, Paris: "pupils" is open 07:00–18:00, "boarding" from 18:00 to 08:00.
    [InlineData("north@pupils south@boarding", "2026-11-23T10:00:00+01:00", "north", ReasonCode.None)]
    [InlineData("north@pupils south@boarding", "2026-11-23T10:00:00+01:00", "south", ReasonCode.OutsideSchedule)]
    [InlineData("north@pupils south@boarding", "2026-11-23T20:00:00+01:00", "south", ReasonCode.None)]
    [InlineData("north@pupils south@boarding", "2026-11-23T20:00:00+01:00", "north", ReasonCode.OutsideSchedule)]
    // The same place under two schedules: open when either is.
    [InlineData("north@pupils north@boarding", "2026-11-23T20:00:00+01:00", "north", ReasonCode.None)]
    [InlineData("north@pupils north@boarding", "2026-11-23T10:00:00+01:00", "north", ReasonCode.None)]
    // Everywhere on a schedule, and a site/zone pair on one.
    [InlineData("*@boarding", "2026-11-23T10:00:00+01:00", "south", ReasonCode.OutsideSchedule)]
    [InlineData("*@boarding", "2026-11-23T20:00:00+01:00", "south", ReasonCode.None)]
    [InlineData("north/main@boarding", "2026-11-23T20:00:00+01:00", "north", ReasonCode.None)]
    // A plain token next to qualified ones holds at any time.
    [InlineData("north@pupils south", "2026-11-23T03:00:00+01:00", "south", ReasonCode.None)]
    [InlineData("north@pupils south", "2026-11-23T03:00:00+01:00", "north", ReasonCode.OutsideSchedule)]
    // A closure day closes every schedule; a place not named is not eligible whatever the schedules.
    [InlineData("north@pupils north@boarding", "2026-11-11T10:00:00+01:00", "north", ReasonCode.Closed)]
    [InlineData("north@pupils", "2026-11-23T10:00:00+01:00", "south", ReasonCode.NotEligibleHere)]
    // A schedule the policy does not define keeps that place closed.
    [InlineData("north@no-such-schedule", "2026-11-23T10:00:00+01:00", "north", ReasonCode.OutsideSchedule)]
    public void A_qualified_place_is_decided_on_its_own_schedule(string places, string at, string site, ReasonCode reason)
    {
        var decision = Decide(Entry(schedule: null, places: places), at, site == "north" ? MainIn : SouthIn);
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(reason == ReasonCode.None, decision.IsAllowed);
    }

    [Fact]
    public void A_qualified_route_on_a_bus_is_matched_by_its_route()
    {
        var bus = new ReaderPlace(ReaderType.Bus, Route: "r1");
        Assert.True(Decide(Entry(schedule: null, places: "r2 r1@pupils"), "2026-11-23T03:00:00+01:00", bus).IsAllowed);
        Assert.Equal(ReasonCode.NotEligibleForRoute, Decide(Entry(schedule: null, places: "r2@pupils"), "2026-11-23T10:00:00+01:00", bus).Reason);
    }
}
