using StudentCard.Core.Rules;
using static StudentCard.Core.Tests.Decisions.RulesFixture;

namespace StudentCard.Core.Tests.Decisions;

/// <summary>Schedules, closures and validity as the gate applies them, in the site's local time.</summary>
public sealed class ScheduleRulesTests
{
    [Theory]
    // Monday 23 November 2026, Paris (UTC+1): the window is [07:00, 18:00).
    [InlineData("2026-11-23T06:59:59+01:00", "pupils", ReasonCode.OutsideSchedule)]
    [InlineData("2026-11-23T07:00:00+01:00", "pupils", ReasonCode.None)]
    [InlineData("2026-11-23T17:59:59.999+01:00", "pupils", ReasonCode.None)]
    // A schedule ending mid-tap: the tap's own instant decides, and the end is exclusive.
    [InlineData("2026-11-23T18:00:00+01:00", "pupils", ReasonCode.OutsideSchedule)]
    // The same wall-clock time expressed in UTC is the same decision.
    [InlineData("2026-11-23T06:00:00+00:00", "pupils", ReasonCode.None)]
    [InlineData("2026-11-23T05:59:59+00:00", "pupils", ReasonCode.OutsideSchedule)]
    // Saturday morning only, nothing on Sunday.
    [InlineData("2026-11-28T11:59:00+01:00", "pupils", ReasonCode.None)]
    [InlineData("2026-11-28T12:00:00+01:00", "pupils", ReasonCode.OutsideSchedule)]
    [InlineData("2026-11-29T10:00:00+01:00", "pupils", ReasonCode.OutsideSchedule)]
    // Holidays and closures (local dates, both ends inclusive).
    [InlineData("2026-11-11T10:00:00+01:00", "pupils", ReasonCode.Closed)]
    [InlineData("2026-11-12T10:00:00+01:00", "pupils", ReasonCode.None)]
    [InlineData("2026-12-19T10:00:00+01:00", "pupils", ReasonCode.Closed)]
    [InlineData("2027-01-03T23:59:00+01:00", "pupils", ReasonCode.Closed)]
    [InlineData("2027-01-04T07:30:00+01:00", "pupils", ReasonCode.None)]
    // Midnight in the site's time, not UTC's: 22:59 UTC on Tuesday 10 November is 23:59 in Paris, an open boarding night;
    // 23:01 UTC is 00:01 on the Armistice holiday, closed although the night's window is still running.
    [InlineData("2026-11-10T22:59:00+00:00", "boarding", ReasonCode.None)]
    [InlineData("2026-11-10T23:01:00+00:00", "boarding", ReasonCode.Closed)]
    // A window past midnight belongs to the day it starts: Mon–Thu 18:00 to 08:00.
    [InlineData("2026-11-23T23:30:00+01:00", "boarding", ReasonCode.None)]
    [InlineData("2026-11-24T00:30:00+01:00", "boarding", ReasonCode.None)]
    [InlineData("2026-11-24T07:59:59+01:00", "boarding", ReasonCode.None)]
    [InlineData("2026-11-24T08:00:00+01:00", "boarding", ReasonCode.OutsideSchedule)]
    [InlineData("2026-11-27T07:00:00+01:00", "boarding", ReasonCode.None)]
    [InlineData("2026-11-28T07:00:00+01:00", "boarding", ReasonCode.OutsideSchedule)]
    [InlineData("2026-11-27T18:30:00+01:00", "boarding", ReasonCode.OutsideSchedule)]
    // No schedule: at any time, even on a closure day (staff).
    [InlineData("2026-11-11T03:00:00+01:00", null, ReasonCode.None)]
    // A schedule the policy does not define keeps the door closed.
    [InlineData("2026-11-23T10:00:00+01:00", "no-such-schedule", ReasonCode.OutsideSchedule)]
    public void Schedules_and_closures_in_local_time(string at, string? schedule, ReasonCode reason)
    {
        var decision = Decide(Entry(schedule), at);
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(reason == ReasonCode.None, decision.IsAllowed);
    }

    [Theory]
    // Spring forward, Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST; the 02:00–03:00 window never happens.
    [InlineData("2026-03-29T00:59:00+00:00", ReasonCode.OutsideSchedule)] // 01:59 CET
    [InlineData("2026-03-29T01:00:00+00:00", ReasonCode.OutsideSchedule)] // 03:00 CEST
    [InlineData("2026-03-29T01:30:00+00:00", ReasonCode.OutsideSchedule)] // 03:30 CEST
    // Fall back, Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:00–03:00 happens twice, both open.
    [InlineData("2026-10-25T00:30:00+00:00", ReasonCode.None)]            // 02:30 CEST
    [InlineData("2026-10-25T01:30:00+00:00", ReasonCode.None)]            // 02:30 CET
    [InlineData("2026-10-25T02:00:00+00:00", ReasonCode.OutsideSchedule)] // 03:00 CET
    [InlineData("2026-10-24T23:59:00+00:00", ReasonCode.OutsideSchedule)] // 01:59 CEST
    public void Daylight_saving_changes_follow_the_wall_clock(string at, ReasonCode reason) =>
        Assert.Equal(reason, Decide(Entry("sunday-night"), at).Reason);

    [Theory]
    // School opens at 07:00 local on both sides of the spring change: 06:00 UTC before, 05:00 UTC after.
    [InlineData("2026-03-27T06:00:00+00:00", ReasonCode.None)]
    [InlineData("2026-03-27T05:59:00+00:00", ReasonCode.OutsideSchedule)]
    [InlineData("2026-03-30T05:00:00+00:00", ReasonCode.None)]
    [InlineData("2026-03-30T04:59:00+00:00", ReasonCode.OutsideSchedule)]
    public void Opening_time_moves_with_summer_time(string at, ReasonCode reason) =>
        Assert.Equal(reason, Decide(Entry(), at).Reason);

    [Theory]
    // Valid until the end of today: the bound is the next local midnight, exclusive.
    [InlineData("2026-11-23T17:59:59+01:00", ReasonCode.None)]
    [InlineData("2026-11-23T23:59:59+01:00", ReasonCode.None)]
    [InlineData("2026-11-24T00:00:00+01:00", ReasonCode.Expired)]
    public void Valid_until_today(string at, ReasonCode reason) =>
        Assert.Equal(reason, Decide(Entry(schedule: null, until: "2026-11-24T00:00+01:00"), at).Reason);

    [Theory]
    [InlineData("2025-08-31T23:59:59+02:00", ReasonCode.NotYetValid)]
    [InlineData("2025-09-01T00:00:00+02:00", ReasonCode.None)]
    public void Valid_from_is_inclusive(string at, ReasonCode reason) =>
        Assert.Equal(reason, Decide(Entry(schedule: null), at).Reason);

    [Fact]
    public void Card_checks_come_before_the_schedule()
    {
        // An expired card outside the schedule is told it is expired: that is what the pupil can act on.
        Assert.Equal(ReasonCode.Expired, Decide(Entry(until: "2026-10-01T00:00+02:00"), "2026-11-23T20:00+01:00").Reason);
        Assert.Equal(ReasonCode.LostCard, Decide(Entry(status: CardStatus.Lost), "2026-11-23T10:00+01:00").Reason);
    }
}
