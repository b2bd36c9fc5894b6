using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Calendar;
using StudentCard.Central.Safety;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Tests.Safety;

/// <summary>
/// With sites configured, a safety command must name one of them: a mistyped site is refused before anything is stored,
/// audited or published, while a site dropped from the settings during a lockdown can still be lifted.
/// </summary>
public sealed class KnownSitesTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_mistyped_site_is_refused_and_nothing_is_stored_or_audited()
    {
        await using var central = await SafetyCentral.StartAsync(_directory, SchoolSettings.Arguments);

        var lockdown = await Assert.ThrowsAsync<SiteModeException>(() => central.Modes.LockdownAsync("nroth", [], "head-teacher", "intruder reported"));
        var evacuation = await Assert.ThrowsAsync<SiteModeException>(() => central.Modes.EvacuateAsync("nroth", "head-teacher", "fire alarm"));
        var lift = await Assert.ThrowsAsync<SiteModeException>(() => central.Modes.LiftAsync("nroth", "head-teacher", "all clear"));

        Assert.Equal("No site 'nroth' is configured; the sites are: north, west. Nothing was sent.", lockdown.Message);
        Assert.Equal(lockdown.Message, evacuation.Message);
        Assert.Equal(lockdown.Message, lift.Message);
        Assert.Empty(await central.StoredAsync());
        Assert.Empty(await central.AuditAsync());
        var known = await central.Modes.LockdownAsync("north", [], "head-teacher", "intruder reported");
        Assert.Equal(("north", SafetyMode.Lockdown), (known.Site, known.Mode));
    }

    [Fact]
    public async Task A_site_removed_from_the_calendar_can_still_be_lifted_but_not_locked_down_again()
    {
        await using var central = await SafetyCentral.StartAsync(_directory, SchoolSettings.Arguments);
        await central.Modes.LockdownAsync("west", [], "head-teacher", "intruder reported");
        // The operator removes west from the calendar while it is in lockdown: west is still in lockdown in the store.
        await central.Services.GetRequiredService<CalendarEditor>().DeleteSiteAsync(new CalendarActor("operator", StaffRole.Operator, null), "west", "site sold");

        await Assert.ThrowsAsync<SiteModeException>(() => central.Modes.LockdownAsync("west", [], "head-teacher", "again"));
        var lifted = await central.Modes.LiftAsync("west", "head-teacher", "site closed for good");

        Assert.Equal(SafetyMode.Normal, lifted.Mode);
        Assert.Equal(SafetyMode.Normal, Assert.Single(await central.StoredAsync()).Mode);
    }
}
