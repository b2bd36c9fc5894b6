using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Safety;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Rules;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>The Lockdown page: a school admin's commands at their own school's sites, each confirmed by the site's name typed again.</summary>
public sealed class SafetyPageTests : IAsyncLifetime
{
    private AdminSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync(SafetyCentral.SchoolSites);
        await _site.Central.Services.EnrollAsync(SafetyCentral.Pupils, Roster.Valid(ReaderType.Gate));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private Task<IReadOnlyList<SiteModeRecord>> StoredAsync() => _site.Central.Services.GetRequiredService<SiteModeService>().AllAsync();

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = SafetyCentral.NorthSchool)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private static Dictionary<string, string> Form(string site, string reason, string confirm, string? overrides = null)
    {
        var form = new Dictionary<string, string> { ["Site"] = site, ["Reason"] = reason, ["Confirm"] = confirm };
        if (overrides is not null)
        {
            form["Override"] = overrides;
        }
        return form;
    }

    [Fact]
    public async Task A_school_admin_locks_their_site_down_only_once_the_site_is_typed_again_and_is_named_in_the_audit_log()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin);
        var page = await client.TextAsync("/Safety");
        Assert.Contains("data-site=\"north\"", page);
        Assert.DoesNotContain("west", page);
        Assert.Contains("href=\"/Safety\"", page);
        var overrides = $"{SafetyCentral.Pupils[0].StudentNumber}\n{SafetyCentral.Pupils[1].StudentNumber}";

        var unconfirmed = await (await client.PostFormAsync("/Safety", Form("north", "intruder reported", "North", overrides), handler: "Lockdown")).Content.ReadAsStringAsync();
        Assert.Contains("To confirm, type the site&#x27;s name (north) exactly as shown. Nothing was changed.", unconfirmed);
        Assert.Empty(await StoredAsync());

        var done = await (await client.PostFormAsync("/Safety", Form("north", "intruder reported", "north", overrides), handler: "Lockdown")).Content.ReadAsStringAsync();
        var stored = Assert.Single(await StoredAsync());
        Assert.Equal(SafetyMode.Lockdown, stored.Mode);
        Assert.Contains($"Site north is in lockdown mode (sequence {stored.Sequence}, 2 override pseudonyms). Sent to the site&#x27;s gate readers.", done);
        var entry = Assert.Single(await _site.AuditAsync(), e => e.Action.StartsWith("safety.", StringComparison.Ordinal));
        Assert.Equal(("sam", SafetyActions.Lockdown, "site north"), (entry.Actor, entry.Action, entry.Subject));

        await client.PostFormAsync("/Safety", Form("north", "all clear", "north"), handler: "Lift");
        Assert.Equal(SafetyMode.Normal, Assert.Single(await StoredAsync()).Mode);
    }

    [Fact]
    public async Task Another_schools_site_posted_by_hand_is_refused_and_changes_nothing()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin);

        var refused = await (await client.PostFormAsync("/Safety", Form("west", "fire alarm", "west"), handler: "Evacuate")).Content.ReadAsStringAsync();

        Assert.Contains("Site &#x27;west&#x27; is not a site of your school; yours: north. Nothing was changed.", refused);
        Assert.Empty(await StoredAsync());
        Assert.DoesNotContain(await _site.AuditAsync(), e => e.Action.StartsWith("safety.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_changes_nothing()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin);

        var response = await client.PostFormAsync("/Safety", Form("north", "fire alarm", "north"), handler: "Evacuate", withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task A_reason_is_required()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin);

        var refused = await (await client.PostFormAsync("/Safety", Form("north", " ", "north"), handler: "Evacuate")).Content.ReadAsStringAsync();

        Assert.Contains("A safety command needs a reason", refused);
        Assert.Empty(await StoredAsync());
    }

    [Theory]
    [InlineData(StaffRole.Operator)]
    [InlineData(StaffRole.Dpo)]
    [InlineData(StaffRole.TransportAdmin)]
    [InlineData(StaffRole.Librarian)]
    public async Task Other_roles_neither_see_nor_reach_the_page(StaffRole role)
    {
        using var client = await SignedInAsync("someone", role, school: null);

        Assert.DoesNotContain("href=\"/Safety\"", await client.TextAsync("/"));
        var page = await client.GetAsync("/Safety");
        // The home page's sign-out form gives a valid anti-forgery token for the attempt.
        var posted = await client.PostFormAsync("/", Form("north", "fire alarm", "north"), handler: "Evacuate", action: "/Safety");

        Assert.All([page, posted], response =>
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
        });
        Assert.Empty(await StoredAsync());
    }
}
