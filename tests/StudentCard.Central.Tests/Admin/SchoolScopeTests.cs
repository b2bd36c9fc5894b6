using System.Net;
using System.Text.Json;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Core;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// Two schools with a site each (Access:Sites[].School): each school admin reads only the passages at their own
/// school's sites, by page and API, in the reader list and in the roll call; a passage with no place and a school with
/// no site show nothing; the transport admin is not school-scoped.
/// </summary>
public sealed class SchoolScopeTests : IAsyncLifetime
{
    private const string North = "Northfield Primary";
    private const string West = "Harbour Lyceum";
    private const string NoSite = "Elm Valley College";

    private static readonly string AtNorth = new('1', 32);
    private static readonly string AtNorthHall = new('2', 32);
    private static readonly string AtWest = new('3', 32);
    private static readonly string NoPlace = new('4', 32);
    private static readonly string AtNorthwest = new('5', 32);
    private static readonly string OnBus = new('6', 32);

    private AdminSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync([.. SchoolSettings.Arguments, $"--Access:Sites:0:School={North}", $"--Access:Sites:1:School={West}"]);
        foreach (var reader in new[] { "gate-north", "gate-west", "gate-unplaced", "gate-northwest" })
        {
            await _site.Central.RegisterAsync(reader, ReaderType.Gate);
        }
        await _site.Central.RegisterAsync("bus-1", ReaderType.Bus);
        var now = DateTimeOffset.UtcNow;
        await _site.IngestAsync(ReaderType.Gate, "gate-north",
            (AtNorth, 1, "north/main", "in", "allow", "none", now.AddMinutes(-20)),
            (AtNorthHall, 1, "north/hall", "none", "deny", "unknown_card", now.AddMinutes(-19)));
        await _site.IngestAsync(ReaderType.Gate, "gate-west", (AtWest, 1, "west/hall", "in", "allow", "none", now.AddMinutes(-18)));
        await _site.IngestAsync(ReaderType.Gate, "gate-unplaced", (NoPlace, 1, null, "in", "allow", "none", now.AddMinutes(-17)));
        // A place that merely starts with "north" is another site's.
        await _site.IngestAsync(ReaderType.Gate, "gate-northwest", (AtNorthwest, 1, "northwest/main", "in", "allow", "none", now.AddMinutes(-16)));
        await _site.IngestAsync(ReaderType.Bus, "bus-1", (OnBus, 1, "r1", "none", "allow", "none", now.AddMinutes(-15)));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Each_school_admin_reads_only_their_own_schools_passages_by_page_and_api()
    {
        using var north = await SignedInAsync("nora", StaffRole.SchoolAdmin, North);
        using var west = await SignedInAsync("wes", StaffRole.SchoolAdmin, West);

        Assert.Equal([AtNorthHall, AtNorth], Pseudonyms(await ApiAsync(north, "/api/passages")));
        Assert.Equal([AtWest], Pseudonyms(await ApiAsync(west, "/api/passages")));
        // Asking for another school's reader by name reaches nothing.
        Assert.Empty(Pseudonyms(await ApiAsync(north, "/api/passages?reader=gate-west")));

        var northPage = await north.TextAsync("/Passages");
        Assert.Contains(AtNorth, northPage);
        Assert.Contains("Your school's sites: north.", northPage);
        foreach (var hidden in new[] { AtWest, NoPlace, AtNorthwest, OnBus })
        {
            Assert.DoesNotContain(hidden, northPage);
        }
        var westPage = await west.TextAsync("/Passages");
        Assert.Contains(AtWest, westPage);
        Assert.DoesNotContain(AtNorth, westPage);
        Assert.DoesNotContain(NoPlace, westPage);

        var reads = (await _site.AuditAsync()).Where(e => e.Action == AuditActions.PassagesRead).ToList();
        Assert.Contains(reads, e => e.Actor == "nora" && e.Reason.EndsWith(", sites=north", StringComparison.Ordinal));
        Assert.Contains(reads, e => e.Actor == "wes" && e.Reason.EndsWith(", sites=west", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reader_choice_list_offers_only_readers_at_the_schools_sites()
    {
        using var north = await SignedInAsync("nora", StaffRole.SchoolAdmin, North);
        var page = await north.TextAsync("/Passages");
        Assert.Contains("<option value=\"gate-north\">", page);
        foreach (var other in new[] { "gate-west", "gate-unplaced", "gate-northwest", "bus-1" })
        {
            Assert.DoesNotContain($"<option value=\"{other}\">", page);
        }
    }

    [Fact]
    public async Task Each_school_admin_has_the_roll_call_of_their_own_sites_only()
    {
        using var north = await SignedInAsync("nora", StaffRole.SchoolAdmin, North);
        using var west = await SignedInAsync("wes", StaffRole.SchoolAdmin, West);

        var northRollCall = await north.TextAsync("/RollCall");
        Assert.Contains("<strong>1</strong> inside north", northRollCall);
        Assert.Contains(AtNorth, northRollCall);
        Assert.DoesNotContain("<option value=\"west\">", northRollCall);
        var refused = await north.TextAsync("/RollCall?Site=west");
        Assert.Contains("No site &#x27;west&#x27;; the sites are: north.", refused);
        Assert.DoesNotContain(AtWest, refused);

        var westRollCall = await west.TextAsync("/RollCall");
        Assert.Contains("<strong>1</strong> inside west", westRollCall);
        Assert.Contains(AtWest, westRollCall);
        Assert.DoesNotContain(AtNorth, westRollCall);
    }

    [Fact]
    public async Task A_school_no_site_belongs_to_sees_nothing_and_is_told_why()
    {
        using var client = await SignedInAsync("elma", StaffRole.SchoolAdmin, NoSite);

        var page = await client.TextAsync("/Passages");
        Assert.Contains("data-testid=\"no-site\"", page);
        Assert.Contains("No site is assigned to your school", page);
        foreach (var pseudonym in new[] { AtNorth, AtNorthHall, AtWest, NoPlace, AtNorthwest })
        {
            Assert.DoesNotContain(pseudonym, page);
        }
        var api = await ApiAsync(client, "/api/passages");
        Assert.Empty(Pseudonyms(api));
        Assert.Equal(PassageScope.NoSiteNotice, api.GetProperty("notice").GetString());
        var rollCall = await client.TextAsync("/RollCall?Site=north");
        Assert.Contains("No site is assigned to your school", rollCall);
        Assert.DoesNotContain(AtNorth, rollCall);
    }

    [Fact]
    public async Task The_transport_admin_is_not_school_scoped()
    {
        using var client = await SignedInAsync("tara", StaffRole.TransportAdmin);
        var api = await ApiAsync(client, "/api/passages");
        Assert.Equal([OnBus], Pseudonyms(api));
        Assert.Equal(JsonValueKind.Null, api.GetProperty("sites").ValueKind);
    }

    [Fact]
    public void A_site_belongs_to_at_most_one_school_and_a_school_name_is_exact()
    {
        var validation = new AccessOptionsValidation();
        var twice = Options(("north", North), ("west", West), ("north", West));
        var result = validation.Validate(null, twice);
        Assert.True(result.Failed);
        Assert.Contains("site 'north' names 2 schools ('Northfield Primary', 'Harbour Lyceum'); a site belongs to at most one school", result.FailureMessage);

        Assert.Contains("the school is empty", validation.Validate(null, Options(("north", " "))).FailureMessage);
        Assert.Contains("spaces at its ends", validation.Validate(null, Options(("north", North + " "))).FailureMessage);

        var valid = Options(("north", North), ("west", North), ("east", null));
        Assert.True(validation.Validate(null, valid).Succeeded);
        var schools = valid.Schools();
        Assert.Equal(["north", "west"], schools.SitesOf(valid.ToPolicy(), North));
        Assert.Empty(schools.SitesOf(valid.ToPolicy(), West));
        Assert.Empty(schools.SitesOf(valid.ToPolicy(), null));
    }

    [Fact]
    public async Task Central_refuses_to_start_with_a_site_given_to_two_schools()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AdminSite.StartAsync(
            [.. SchoolSettings.Arguments, $"--Access:Sites:0:School={North}", "--Access:Sites:2:Name=north", "--Access:Sites:2:TimeZone=Europe/Paris", $"--Access:Sites:2:School={West}"]));
        Assert.Contains("names 2 schools", failure.ToString());
    }

    private static AccessOptions Options(params (string Site, string? School)[] sites) => new()
    {
        Sites = sites.Select(s => new AccessOptions.SiteOptions { Name = s.Site, TimeZone = "Europe/Paris", School = s.School }).ToList(),
    };

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private static async Task<JsonElement> ApiAsync(AdminClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static List<string> Pseudonyms(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("pseudonym").GetString()!).ToList();
}
