using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Audit;
using StudentCard.Central.Rights;
using StudentCard.Central.Staff;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;
using static StudentCard.Central.Tests.Rights.RulesHost;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// Access rules through the admin API and the rules page: each account manages its own purpose's rules of its own school,
/// and every other attempt is refused alike on page and API, changing nothing.
/// </summary>
public sealed class RulesAccessTests : IAsyncLifetime
{
    private AdminSite _site = null!;
    private List<SyntheticStudent> _pupils = null!;
    private SyntheticStudent _other = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync([.. Settings, .. LongZoneSettings, $"--Access:Sites:0:School={School}", $"--Access:Sites:1:School={OtherSchool}"]);
        _pupils = await EnrollAsync(_site.Central.Services, School, "5B", "5B", "6A");
        _other = (await EnrollAsync(_site.Central.Services, OtherSchool, "5B"))[0];
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private RuleService Rules => _site.Central.Services.GetRequiredService<RuleService>();

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = School)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private static async Task<HttpResponseMessage> SendAsync(AdminClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    private static RuleRequest Gate5B(string? school = null) =>
        new(school, "gate", "5B at north", "class", "5B", "north", "pupils", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(100), Reason: "5B's timetable");

    private async Task<(int Rules, int Named, int Rights, int Audited)> CountsAsync()
    {
        await using var vault = await _site.Central.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        var audited = (await _site.AuditAsync()).Count(e => e.Action == AuditActions.RuleChanged);
        return (await vault.AccessRules.CountAsync(), await vault.RuleExceptions.CountAsync(), await vault.StudentPurposes.CountAsync(), audited);
    }

    [Fact]
    public async Task A_school_admin_previews_creates_lists_changes_names_pupils_and_deletes_a_gate_rule_through_the_API()
    {
        using var admin = await SignedInAsync("ms.keller", StaffRole.SchoolAdmin);

        var preview = await (await SendAsync(admin, HttpMethod.Post, RulesApi.Prefix + "/preview", Gate5B())).Content.ReadFromJsonAsync<RulePreview>();
        Assert.Equal("2 pupils gain gate access at north, Mon–Fri 07:00–18:00; 0 lose it", preview!.Sentence);
        Assert.Equal((0, 0, 0, 0), await CountsAsync());

        using var created = await SendAsync(admin, HttpMethod.Post, RulesApi.Prefix, Gate5B());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = (await created.Content.ReadFromJsonAsync<RuleView>())!;
        Assert.Equal((School, "gate", "ms.keller"), (rule.School, rule.Purpose, rule.ChangedBy));
        Assert.Equal(2, (await CountsAsync()).Rights);

        var listed = await (await SendAsync(admin, HttpMethod.Get, RulesApi.Prefix)).Content.ReadFromJsonAsync<List<RuleView>>();
        Assert.Equal([rule.Id], listed!.Select(r => r.Id));

        using var added = await SendAsync(admin, HttpMethod.Post, $"{RulesApi.Prefix}/{rule.Id}/exceptions", new RuleExceptionRequest(_pupils[2].StudentNumber, "add", "joins 5B"));
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal(3, (await CountsAsync()).Rights);

        using var changed = await SendAsync(admin, HttpMethod.Put, $"{RulesApi.Prefix}/{rule.Id}", Gate5B() with { Places = "north/main", Reason = "main building only" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var deleted = await SendAsync(admin, HttpMethod.Post, $"{RulesApi.Prefix}/{rule.Id}/delete", new RuleDeletion("timetable ended"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal((0, 0, 0, 4), await CountsAsync());
        Assert.All((await _site.AuditAsync()).Where(e => e.Action == AuditActions.RuleChanged), e => Assert.Equal("ms.keller", e.Actor));
    }

    [Fact]
    public async Task A_rule_that_does_not_fit_is_refused_with_400_and_its_reason()
    {
        using var admin = await SignedInAsync("ms.keller", StaffRole.SchoolAdmin);
        using var response = await SendAsync(admin, HttpMethod.Post, RulesApi.Prefix, Gate5B() with { Places = "north/annex" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Site 'north' has no zone 'annex'", await response.Content.ReadAsStringAsync());
        Assert.Equal((0, 0, 0, 0), await CountsAsync());
    }

    private static RuleRequest Bus5B(string? school = null) =>
        new(school, "bus", "5B on r1", "class", "5B", "r1", null, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(100), Reason: "5B's bus");

    [Theory]
    [InlineData(StaffRole.Librarian, "gate", "You manage library rules, not gate rules")]
    [InlineData(StaffRole.TransportAdmin, "gate", "You manage bus rules, not gate rules")]
    [InlineData(StaffRole.Librarian, "bus", "You manage library rules, not bus rules")]
    [InlineData(StaffRole.SchoolAdmin, "bus", "You manage gate rules, not bus rules")]
    public async Task Another_purposes_staff_cannot_create_change_name_pupils_on_or_delete_a_rule_by_API_or_page(StaffRole role, string purpose, string message)
    {
        var gate = purpose == "gate";
        var rule = await Rules.CreateAsync(Operator, gate
            ? Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: "north")
            : Draft(ReaderType.Bus, RulePopulation.Class, "5B", places: "r1"), "by the operator");
        var request = gate ? Gate5B() : Bus5B();
        using var client = await SignedInAsync("other", role);
        var before = await CountsAsync();

        using var created = await SendAsync(client, HttpMethod.Post, RulesApi.Prefix, request);
        using var changed = await SendAsync(client, HttpMethod.Put, $"{RulesApi.Prefix}/{rule.Id}", request with { Name = "taken over" });
        using var named = await SendAsync(client, HttpMethod.Post, $"{RulesApi.Prefix}/{rule.Id}/exceptions", new RuleExceptionRequest(_pupils[2].StudentNumber, "add", "a friend"));
        using var deleted = await SendAsync(client, HttpMethod.Post, $"{RulesApi.Prefix}/{rule.Id}/delete", new RuleDeletion("not mine"));
        foreach (var response in new[] { created, changed, named, deleted })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains(message, await response.Content.ReadAsStringAsync());
        }

        var form = new Dictionary<string, string>
        {
            ["Id"] = rule.Id.ToString(), ["Form.Name"] = "taken over", ["Form.Population"] = "class", ["Form.Value"] = "5B", ["Form.Places"] = request.Places!,
            ["Form.From"] = DateTime.UtcNow.ToString("yyyy-MM-dd"), ["Form.LastDay"] = DateTime.UtcNow.AddDays(100).ToString("yyyy-MM-dd"), ["Reason"] = "not mine",
        };
        var savedPage = await client.PostFormAsync("/Rules", form, handler: "Save");
        var namedPage = await client.PostFormAsync("/Rules", new Dictionary<string, string>
        {
            ["Id"] = rule.Id.ToString(), ["StudentNumber"] = _pupils[2].StudentNumber, ["Kind"] = "add", ["Reason"] = "a friend",
        }, handler: "Exception");
        var deletedPage = await client.PostFormAsync("/Rules", new Dictionary<string, string> { ["Id"] = rule.Id.ToString(), ["Reason"] = "not mine" }, handler: "Delete");
        foreach (var page in new[] { savedPage, namedPage, deletedPage })
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        }

        // The page makes only rules of the account's own purpose: the other purpose's places are refused there.
        form.Remove("Id");
        var createdPage = await client.PostFormAsync("/Rules", form, handler: "Save");
        Assert.Equal(HttpStatusCode.OK, createdPage.StatusCode);
        Assert.Contains("Nothing was changed.", await createdPage.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_school_admin_cannot_list_another_schools_pupil_on_a_rule_by_API_or_page()
    {
        using var admin = await SignedInAsync("ms.keller", StaffRole.SchoolAdmin);
        var list = Gate5B() with { Population = "pupils", Value = null, Pupils = [_pupils[0].StudentNumber, _other.StudentNumber] };

        using var api = await SendAsync(admin, HttpMethod.Post, RulesApi.Prefix, list);
        var page = await admin.PostFormAsync("/Rules", new Dictionary<string, string>
        {
            ["Form.Name"] = "friends", ["Form.Population"] = "pupils", ["Form.Pupils"] = $"{_pupils[0].StudentNumber} {_other.StudentNumber}", ["Form.Places"] = "north",
            ["Form.From"] = DateTime.UtcNow.ToString("yyyy-MM-dd"), ["Form.LastDay"] = DateTime.UtcNow.AddDays(100).ToString("yyyy-MM-dd"), ["Reason"] = "friends",
        }, handler: "Save");

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains($"Pupil {_other.StudentNumber} is not a pupil of {School}", await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains($"Pupil {_other.StudentNumber} is not a pupil of {School}", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Equal((0, 0, 0, 0), await CountsAsync());
    }

    [Fact]
    public async Task A_school_admin_cannot_touch_another_schools_rule_nor_name_its_pupil_by_API_or_page()
    {
        var rule = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: "west", school: OtherSchool), "by the operator");
        var own = await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: "north"), "by the operator");
        using var admin = await SignedInAsync("ms.keller", StaffRole.SchoolAdmin);
        var before = await CountsAsync();

        using var other = await SendAsync(admin, HttpMethod.Post, $"{RulesApi.Prefix}/{rule.Id}/delete", new RuleDeletion("not mine"));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains($"not of {OtherSchool}", await other.Content.ReadAsStringAsync());
        using var created = await SendAsync(admin, HttpMethod.Post, RulesApi.Prefix, Gate5B(OtherSchool));
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        using var named = await SendAsync(admin, HttpMethod.Post, $"{RulesApi.Prefix}/{own.Id}/exceptions", new RuleExceptionRequest(_other.StudentNumber, "add", "a friend"));
        Assert.Equal(HttpStatusCode.Forbidden, named.StatusCode);
        Assert.Contains($"is not a pupil of {School}", await named.Content.ReadAsStringAsync());

        var page = await admin.PostFormAsync("/Rules", new Dictionary<string, string>
        {
            ["Id"] = own.Id.ToString(), ["StudentNumber"] = _other.StudentNumber, ["Kind"] = "add", ["Reason"] = "a friend",
        }, handler: "Exception");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var deletePage = await admin.PostFormAsync("/Rules", new Dictionary<string, string> { ["Id"] = rule.Id.ToString(), ["Reason"] = "not mine" }, handler: "Delete");
        Assert.Equal(HttpStatusCode.Forbidden, deletePage.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_rule_whose_merge_would_not_fit_a_pupils_entry_is_refused_with_400_and_its_reason_on_API_and_page()
    {
        await Rules.CreateAsync(Operator, Draft(ReaderType.Gate, RulePopulation.Class, "5B", places: LongPlaces(8), schedule: "pupils"), "5B's classrooms by day");
        using var admin = await SignedInAsync("ms.keller", StaffRole.SchoolAdmin);
        var before = await CountsAsync();
        const string Reason = "a right holds at most 400. Give these rules fewer places or the same schedule, or merge them into one rule. Nothing was changed.";

        using var api = await SendAsync(admin, HttpMethod.Post, RulesApi.Prefix, Gate5B() with { Places = LongPlaces(8), Schedule = "evening" });
        var page = await admin.PostFormAsync("/Rules", new Dictionary<string, string>
        {
            ["Form.Name"] = "5B's evening study", ["Form.Population"] = "class", ["Form.Value"] = "5B", ["Form.Places"] = LongPlaces(8), ["Form.Schedule"] = "evening",
            ["Form.From"] = DateTime.UtcNow.ToString("yyyy-MM-dd"), ["Form.LastDay"] = DateTime.UtcNow.AddDays(100).ToString("yyyy-MM-dd"), ["Reason"] = "evening study",
        }, handler: "Save");

        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("After this change 2 pupils would hold a gate right", await api.Content.ReadAsStringAsync());
        Assert.Contains(Reason, await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(Reason, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData(StaffRole.Operator)]
    [InlineData(StaffRole.Dpo)]
    public async Task Staff_without_a_purpose_reach_neither_the_API_nor_the_page(StaffRole role)
    {
        using var client = await SignedInAsync("staff", role, school: null);
        using var listed = await SendAsync(client, HttpMethod.Get, RulesApi.Prefix);
        Assert.Equal(HttpStatusCode.Forbidden, listed.StatusCode);
        using var created = await SendAsync(client, HttpMethod.Post, RulesApi.Prefix, Gate5B(School));
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/Rules")).StatusCode);
        Assert.Equal((0, 0, 0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Without_a_sign_in_the_API_answers_401()
    {
        using var anonymous = _site.Client();
        using var response = await SendAsync(anonymous, HttpMethod.Post, RulesApi.Prefix, Gate5B(School));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task On_the_page_a_rule_is_previewed_then_saved_then_a_pupil_withheld_and_the_rule_deleted()
    {
        using var admin = await SignedInAsync("ms.keller", StaffRole.SchoolAdmin);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var last = DateTime.UtcNow.AddDays(100).ToString("yyyy-MM-dd");
        var form = new Dictionary<string, string>
        {
            ["Form.Name"] = "5B at north", ["Form.Population"] = "class", ["Form.Value"] = "5B", ["Form.Places"] = "north",
            ["Form.Schedule"] = "pupils", ["Form.From"] = today, ["Form.LastDay"] = last,
        };

        var preview = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/Rules", form, handler: "Preview")).Content.ReadAsStringAsync());
        Assert.Contains("2 pupils gain gate access at north, Mon–Fri 07:00–18:00; 0 lose it.", preview);
        Assert.Equal((0, 0, 0, 0), await CountsAsync());

        var saved = await admin.PostFormAsync("/Rules", new Dictionary<string, string>(form) { ["Reason"] = "5B's timetable" }, handler: "Save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var rule = Assert.Single(await Rules.ListAsync(Operator));
        Assert.Equal("ms.keller", rule.ChangedBy);
        var page = WebUtility.HtmlDecode(await admin.TextAsync($"/Rules?id={rule.Id}"));
        Assert.Contains($"{today} – {last}", page);

        var withheld = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/Rules", new Dictionary<string, string>
        {
            ["Id"] = rule.Id.ToString(), ["StudentNumber"] = _pupils[1].StudentNumber, ["Kind"] = "withhold", ["Reason"] = "moved",
        }, handler: "Exception")).Content.ReadAsStringAsync());
        Assert.Contains($"Pupil {_pupils[1].StudentNumber} is withheld from the rule.", withheld);
        Assert.Equal(1, (await CountsAsync()).Rights);

        var deleted = await admin.PostFormAsync("/Rules", new Dictionary<string, string> { ["Id"] = rule.Id.ToString(), ["Reason"] = "ended" }, handler: "Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal((0, 0, 0, 3), await CountsAsync());
    }
}
