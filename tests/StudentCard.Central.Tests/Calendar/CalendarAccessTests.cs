using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Admin;
using StudentCard.Central.Tests.Safety;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Calendar;

/// <summary>
/// Who changes what, tried through the admin API and the page alike: a school admin their own school's sites and
/// schedules, a transport admin the routes, an operator everything; every other attempt is refused with its reason and
/// changes nothing.
/// </summary>
public sealed class CalendarAccessTests : IAsyncLifetime
{
    private AdminSite _site = null!;

    private AccessPolicySource Source => _site.Central.Services.GetRequiredService<AccessPolicySource>();

    public async Task InitializeAsync() => _site = await AdminSite.StartAsync(SafetyCentral.SchoolSites);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private static async Task<HttpResponseMessage> SendAsync(AdminClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await client.SendAsync(request);
    }

    private async Task<int> CalendarAuditsAsync() => (await _site.AuditAsync()).Count(e => e.Action == AuditActions.CalendarChanged);

    [Fact]
    public async Task A_school_admin_changes_their_own_sites_closures_but_not_another_schools_site_by_api_or_page()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
        const string Closure = """{"reason":"inset day","value":{"from":"2027-03-01","label":"Inset day"}}""";

        var api = await SendAsync(client, HttpMethod.Post, "/api/calendar/sites/west/closures", Closure);
        var page = await client.PostFormAsync("/Calendar", new Dictionary<string, string> { ["Name"] = "west", ["From"] = "2027-03-01", ["Reason"] = "inset day" }, handler: "AddClosure");
        var timeZone = await SendAsync(client, HttpMethod.Put, "/api/calendar/sites/west", """{"reason":"moved","value":{"timeZone":"Europe/London"}}""");

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("Site 'west' is not a site of your school. Nothing was changed.", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Site &#x27;west&#x27; is not a site of your school. Nothing was changed.", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, timeZone.StatusCode);
        Assert.Equal((1L, 0), (Source.Version, await CalendarAuditsAsync()));

        var own = await SendAsync(client, HttpMethod.Post, "/api/calendar/sites/north/closures", Closure);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(2, (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
        Assert.True(Source.Policy.FindSite("north")!.IsClosedOn(new DateOnly(2027, 3, 1)));
        var entry = Assert.Single(await _site.AuditAsync(), e => e.Action == AuditActions.CalendarChanged);
        Assert.Equal(("sam", "site north"), (entry.Actor, entry.Subject));

        // A change that leaves the school out keeps it.
        var moved = await SendAsync(client, HttpMethod.Put, "/api/calendar/sites/north", """{"reason":"clock check","value":{"timeZone":"Europe/London"}}""");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("Europe/London", Source.Policy.FindSite("north")!.TimeZone);
        Assert.Equal(["north"], Source.SitesOf(SafetyCentral.NorthSchool));
    }

    [Fact]
    public async Task A_librarian_reads_and_changes_nothing_by_api_or_page()
    {
        using var client = await SignedInAsync("lib", StaffRole.Librarian);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/calendar")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/api/calendar/routes", """{"reason":"new","value":{"name":"r7"}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/api/calendar/sites/north/closures", """{"reason":"x","value":{"from":"2027-03-01"}}""")).StatusCode);
        var page = await client.GetAsync("/Calendar");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Denied", page.Headers.Location!.PathAndQuery);
        Assert.Equal((1L, 0), (Source.Version, await CalendarAuditsAsync()));
    }

    [Fact]
    public async Task A_transport_admin_changes_the_routes_only()
    {
        using var client = await SignedInAsync("tara", StaffRole.TransportAdmin);

        var site = await SendAsync(client, HttpMethod.Post, "/api/calendar/sites/north/closures", """{"reason":"x","value":{"from":"2027-03-01"}}""");
        var schedule = await SendAsync(client, HttpMethod.Post, "/api/calendar/schedules", """{"reason":"x","value":{"name":"late","windows":[{"days":"Sat","start":"08:00","end":"12:00"}]}}""");
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (site.StatusCode, schedule.StatusCode));
        Assert.Equal(1, Source.Version);

        var route = await SendAsync(client, HttpMethod.Post, "/api/calendar/routes", """{"reason":"new line from March","value":{"name":"r7","label":"Harbour line"}}""");
        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Equal("Harbour line", Source.Policy.FindRoute("r7")!.Label);
        var page = await client.TextAsync("/Calendar");
        Assert.Contains("data-route=\"r7\"", page);
        Assert.DoesNotContain("data-testid=\"add-closure\"", page);
    }

    [Fact]
    public async Task An_operator_adds_a_site_for_a_school_whose_admin_then_sees_and_changes_it()
    {
        using var operatorClient = await SignedInAsync("ops", StaffRole.Operator);
        using var admin = await SignedInAsync("wendy", StaffRole.SchoolAdmin, SafetyCentral.WestSchool);
        var before = await admin.TextAsync("/Calendar");
        Assert.DoesNotContain("data-site=\"harbour\"", before);

        var added = await operatorClient.PostFormAsync("/Calendar", new Dictionary<string, string>
        {
            ["Name"] = "harbour", ["School"] = SafetyCentral.WestSchool, ["TimeZone"] = "America/New_York", ["Latitude"] = "40.7", ["Longitude"] = "-74", ["Reason"] = "new campus",
        }, handler: "AddSite");
        Assert.Contains("Saved as calendar version 2", await added.Content.ReadAsStringAsync());

        Assert.Equal(["west", "harbour"], Source.SitesOf(SafetyCentral.WestSchool));
        var zone = await SendAsync(admin, HttpMethod.Post, "/api/calendar/sites/harbour/zones", """{"reason":"gates installed","value":{"zone":"main","antiPassback":"Soft","resetAfterHours":8,"dailyReset":"04:00"}}""");
        Assert.Equal(HttpStatusCode.OK, zone.StatusCode);
        var view = await admin.TextAsync("/Calendar");
        Assert.Contains("data-site=\"harbour\"", view);
        Assert.Contains("main: anti-passback Soft, reset after 8 h and daily at 04:00", view);
        var history = await admin.TextAsync("/Calendar/History");
        Assert.Contains("gates installed", history);
        Assert.Contains("new campus", history);
        // A school admin adds no site and gives none to a school.
        var refused = await SendAsync(admin, HttpMethod.Post, "/api/calendar/sites", """{"reason":"x","value":{"name":"annex","school":"Westbrook School","timeZone":"Europe/Paris"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(3, Source.Version);
    }

    [Fact]
    public async Task The_history_shows_each_change_in_the_schools_zone_and_for_staff_of_no_school_in_the_zone_all_sites_share()
    {
        using var admin = await SignedInAsync("sam", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
        using var operatorClient = await SignedInAsync("ops", StaffRole.Operator);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Post, "/api/calendar/sites/north/closures", """{"reason":"inset day","value":{"from":"2027-03-01","label":"Inset day"}}""")).StatusCode);
        var closure = (await _site.Central.Services.GetRequiredService<Central.Calendar.CalendarEditor>().HistoryAsync(1))[0];
        var local = $"<td>{TimeZoneInfo.ConvertTime(closure.CommittedAt, paris):yyyy-MM-dd HH:mm:ss}</td>";

        var schoolView = await admin.TextAsync("/Calendar/History");
        var operatorView = await operatorClient.TextAsync("/Calendar/History");
        Assert.Contains("Times are in Europe/Paris.", schoolView);
        Assert.Contains(local, schoolView);
        Assert.Contains("Times are in Europe/Paris.", operatorView);
        Assert.Contains(local, operatorView);
        Assert.DoesNotContain("UTC", schoolView);

        // Once the sites lie in two zones, staff of no school read UTC, and the school admin still their school's zone.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(operatorClient, HttpMethod.Put, "/api/calendar/sites/west", """{"reason":"moved","value":{"timeZone":"Europe/London"}}""")).StatusCode);
        var twoZones = await operatorClient.TextAsync("/Calendar/History");
        Assert.Contains("Times are in UTC.", twoZones);
        Assert.Contains($"<td>{closure.CommittedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td>", twoZones);
        Assert.Contains(local, await admin.TextAsync("/Calendar/History"));
    }

    [Fact]
    public async Task An_invalid_change_is_a_bad_request_with_its_reason_on_the_api_and_the_page()
    {
        using var client = await SignedInAsync("ops", StaffRole.Operator);

        var api = await SendAsync(client, HttpMethod.Post, "/api/calendar/schedules", """{"reason":"boarding","value":{"name":"boarding","windows":[{"days":"Mon-Thu","start":"18:00","end":"08:00"},{"days":"Tue","start":"07:00","end":"09:00"}]}}""");
        var page = await client.PostFormAsync("/Calendar", new Dictionary<string, string>
        {
            ["Name"] = "boarding", ["Windows"] = "Mon-Thu 18:00-08:00\nTue 07:00-09:00", ["Reason"] = "boarding",
        }, handler: "AddSchedule");

        const string Expected = "Schedule 'boarding': the windows Mon–Thu 18:00–08:00 (next day) and Tue 07:00–09:00 overlap. Nothing was changed.";
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal(Expected, (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Expected), await page.Content.ReadAsStringAsync());
        Assert.Equal((1L, 0), (Source.Version, await CalendarAuditsAsync()));
    }
}
