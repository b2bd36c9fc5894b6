using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Calendar;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Tests.Calendar;

/// <summary>
/// The calendar as stored versions: the settings seed the first, each accepted change is one more (with every purpose's
/// allow-list version, its author and its reason), and each refusal says why and changes nothing at all.
/// </summary>
public sealed class CalendarEditorTests : IAsyncLifetime
{
    private static readonly CalendarActor Operator = new("ops", StaffRole.Operator, null);
    private static readonly CalendarActor NorthAdmin = new("north-admin", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);

    private readonly TempDirectory _directory = new();
    private SafetyCentral _central = null!;

    private CalendarEditor Editor => _central.Services.GetRequiredService<CalendarEditor>();

    private AccessPolicySource Source => _central.Services.GetRequiredService<AccessPolicySource>();

    public async Task InitializeAsync() => _central = await SafetyCentral.StartAsync(_directory, SafetyCentral.SchoolSites);

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task The_settings_seed_version_one_and_are_not_read_again()
    {
        Assert.Equal(1, Source.Version);
        Assert.Equal(["north"], Source.SitesOf(SafetyCentral.NorthSchool));
        var first = Assert.Single(await Editor.HistoryAsync(10));
        Assert.Equal((1L, AccessPolicySource.SettingsAuthor), (first.Version, first.Author));
        await Editor.AddSiteAsync(Operator, new SiteEdit("east", SafetyCentral.NorthSchool, "Europe/Paris", null, null), "new building");
        var fingerprint = Source.Fingerprint;
        await _central.DisposeAsync();

        // Started again with other settings: the stored calendar stays in force.
        _central = await SafetyCentral.StartAsync(_directory, [.. SchoolSettings.Arguments.Where(a => !a.StartsWith("--Access:Sites:1:", StringComparison.Ordinal))]);

        Assert.Equal(2, Source.Version);
        Assert.Equal(fingerprint, Source.Fingerprint);
        Assert.Equal(["north", "east"], Source.SitesOf(SafetyCentral.NorthSchool));
        Assert.NotNull(Source.Policy.FindSite("west"));
    }

    [Fact]
    public async Task A_change_is_a_new_version_with_every_purposes_list_version_its_author_and_its_reason()
    {
        var lists = await AllowListVersionsAsync();

        var version = await Editor.AddClosureAsync(NorthAdmin, "north", new ClosureEdit("2027-02-15", "2027-02-19", "Winter break"), "school board decision 12");

        Assert.Equal(2, version);
        Assert.Equal(2, Source.Version);
        Assert.True(Source.Policy.FindSite("north")!.IsClosedOn(new DateOnly(2027, 2, 17)));
        var after = await AllowListVersionsAsync();
        Assert.All(ReaderTypes.All, purpose => Assert.Equal(lists.GetValueOrDefault(purpose) + 1, after[purpose]));
        var entry = Assert.Single(await _central.AuditAsync(AuditActions.CalendarChanged));
        Assert.Equal(("north-admin", "site north"), (entry.Actor, entry.Subject));
        Assert.Equal("closure added: school board decision 12 (calendar version 2)", entry.Reason);
        var history = await Editor.HistoryAsync(10);
        Assert.Equal([2L, 1L], history.Select(h => h.Version));
        Assert.Equal(("north-admin", "school board decision 12"), (history[0].Author, history[0].Reason));
        // The older version stays readable whole.
        var first = await Editor.VersionAsync(1);
        Assert.False(AccessPolicyJson.Parse(first!.Policy).FindSite("north")!.IsClosedOn(new DateOnly(2027, 2, 17)));
    }

    public static TheoryData<string, Func<CalendarEditor, Task>> Refusals => new()
    {
        { "the windows Mon–Fri 07:00–12:00 and Wed 11:00–14:00 overlap", e => e.AddScheduleAsync(Operator, new ScheduleEdit("lunch", null, [new("Mon-Fri", "07:00", "12:00"), new("Wed", "11:00", "14:00")]), "r") },
        { "the windows Mon 18:00–08:00 (next day) and Tue 07:00–09:00 overlap", e => e.AddScheduleAsync(Operator, new ScheduleEdit("boarding", null, [new("Mon", "18:00", "08:00"), new("Tue", "07:00", "09:00")]), "r") },
        { "unknown time zone 'Europe/Atlantis'", e => e.ChangeSiteAsync(NorthAdmin, new SiteEdit("north", SafetyCentral.NorthSchool, "Europe/Atlantis", null, null), "r") },
        { "The closure ends (2027-02-14) before it starts (2027-02-15)", e => e.AddClosureAsync(NorthAdmin, "north", new ClosureEdit("2027-02-15", "2027-02-14", null), "r") },
        { "A zone needs a site, and there is no site 'south'", e => e.AddZoneAsync(Operator, "south", new ZoneEdit("main", "Hard", 12, "03:00"), "r") },
        { "A site 'west' already exists", e => e.AddSiteAsync(Operator, new SiteEdit("west", null, "Europe/Paris", null, null), "r") },
        { "A schedule 'pupils' already exists", e => e.AddScheduleAsync(Operator, new ScheduleEdit("pupils", null, [new("Sat", "08:00", "12:00")]), "r") },
        { "Site 'north' already has a zone 'main'", e => e.AddZoneAsync(NorthAdmin, "north", new ZoneEdit("main", "Soft", 12, "03:00"), "r") },
        { "Give a reason", e => e.AddClosureAsync(NorthAdmin, "north", new ClosureEdit("2027-02-15", null, null), "  ") },
        { "'North Wing' is not a site name", e => e.AddSiteAsync(Operator, new SiteEdit("North Wing", null, "Europe/Paris", null, null), "r") },
        { "Site 'west' is not a site of your school", e => e.AddClosureAsync(NorthAdmin, "west", new ClosureEdit("2027-02-15", null, null), "r") },
        { "Only an operator adds a site", e => e.AddSiteAsync(NorthAdmin, new SiteEdit("annex", SafetyCentral.NorthSchool, "Europe/Paris", null, null), "r") },
        { "Only an operator assigns a site to a school", e => e.ChangeSiteAsync(NorthAdmin, new SiteEdit("north", SafetyCentral.WestSchool, "Europe/Paris", null, null), "r") },
        { "Bus routes are changed by transport admins and operators", e => e.AddRouteAsync(NorthAdmin, new RouteEdit("r9", null), "r") },
        { "Schedule 'pupils' does not belong to your school", e => e.ChangeScheduleAsync(NorthAdmin, new ScheduleEdit("pupils", null, [new("Sat", "08:00", "12:00")]), "r") },
        { "Sites are changed by their school's admins and operators", e => e.AddClosureAsync(new CalendarActor("tara", StaffRole.TransportAdmin, null), "north", new ClosureEdit("2027-02-15", null, null), "r") },
        { "Your role changes no calendar", e => e.AddClosureAsync(new CalendarActor("lib", StaffRole.Librarian, null), "north", new ClosureEdit("2027-02-15", null, null), "r") },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_change_says_why_and_changes_nothing(string message, Func<CalendarEditor, Task> change)
    {
        var before = await StateAsync();

        var refused = await Assert.ThrowsAsync<CalendarException>(() => change(Editor));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was changed.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_place_or_schedule_still_named_by_an_entitlement_or_a_reader_is_not_removed()
    {
        await _central.Services.EnrollAsync([SafetyCentral.Pupils[0]], new PurposeGrant(ReaderType.Gate, Roster.Now.AddDays(-1), Roster.Now.AddDays(30), "west", "pupils"));
        await _central.Services.GetRequiredService<ReaderRegistry>().RegisterAsync("gate-north", ReaderType.Gate, "north/main");
        await Editor.AddRouteAsync(Operator, new RouteEdit("r1", "Harbour line"), "new line");
        await _central.Services.GetRequiredService<ReaderRegistry>().RegisterAsync("bus-1", ReaderType.Bus, "r1");
        var before = await StateAsync();

        var site = await Assert.ThrowsAsync<CalendarException>(() => Editor.DeleteSiteAsync(Operator, "west", "sold"));
        var schedule = await Assert.ThrowsAsync<CalendarException>(() => Editor.DeleteScheduleAsync(Operator, "pupils", "unused"));
        var zone = await Assert.ThrowsAsync<CalendarException>(() => Editor.DeleteZoneAsync(Operator, "north", "main", "unused"));
        var withReader = await Assert.ThrowsAsync<CalendarException>(() => Editor.DeleteSiteAsync(Operator, "north", "sold"));
        var route = await Assert.ThrowsAsync<CalendarException>(() => Editor.DeleteRouteAsync(Operator, "r1", "closed"));

        Assert.Equal("Site 'west' is still named by 1 card entitlement; change those first. Nothing was changed.", site.Message);
        Assert.Equal("Schedule 'pupils' is still named by 1 card entitlement; change those first. Nothing was changed.", schedule.Message);
        Assert.Equal("Zone 'north/main' is still named by reader gate-north; change those first. Nothing was changed.", zone.Message);
        Assert.Equal("Site 'north' is still named by reader gate-north; change those first. Nothing was changed.", withReader.Message);
        Assert.Equal("Route 'r1' is still named by reader bus-1; change those first. Nothing was changed.", route.Message);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_site_added_at_run_time_is_seen_by_its_school()
    {
        await Editor.AddSiteAsync(Operator, new SiteEdit("harbour", SafetyCentral.WestSchool, "America/New_York", 40.7, -74.0), "new campus");
        await Editor.AddZoneAsync(new CalendarActor("west-admin", StaffRole.SchoolAdmin, SafetyCentral.WestSchool), "harbour", new ZoneEdit("main", "Soft", 8, "04:00"), "gates installed");

        Assert.Equal(["west", "harbour"], Source.SitesOf(SafetyCentral.WestSchool));
        Assert.Equal(new GeoPoint(40.7, -74.0), Source.Policy.FindSite("harbour")!.Location);
        Assert.Equal(AntiPassbackMode.Soft, Source.Policy.FindZone("harbour", "main")!.AntiPassback);
        var locked = await _central.Modes.LockdownAsync("harbour", [], "west-admin", "drill");
        Assert.Equal(SafetyMode.Lockdown, locked.Mode);
    }

    /// <summary>Everything a change would touch: the policy in force, the stored versions, every list version, the audit log.</summary>
    private async Task<string> StateAsync()
    {
        await using var db = await _central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        var stored = await db.CalendarVersions.MaxAsync(v => v.Version);
        var lists = string.Join(",", (await AllowListVersionsAsync()).OrderBy(v => v.Key).Select(v => $"{v.Key}={v.Value}"));
        var audits = (await _central.AuditAsync(AuditActions.CalendarChanged)).Count;
        return $"policy {Source.Fingerprint} v{Source.Version}, stored v{stored}, lists {lists}, audited {audits}";
    }

    private Task<IReadOnlyDictionary<ReaderType, long>> AllowListVersionsAsync() =>
        _central.Services.GetRequiredService<AllowListQueries>().AllVersionsAsync();
}
