using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Admin.Pupils;
using StudentCard.Central.AllowList;
using StudentCard.Central.Keys;
using StudentCard.Central.Rights;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Synthetic;
using StudentCard.Local;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// A school admin finds a pupil of their school by name or number and sees their rights, cards and recent gate refusals in
/// the site's time zone; searches and views are audited with the account and the purpose, never a name or the query.
/// Another school's pupil is not found, and librarians, transport admins, operators and the DPO are refused, page and API alike.
/// </summary>
public sealed class PupilsPageTests : IAsyncLifetime
{
    private const string Reason = "Guardian asks why the card did not open the gate";
    private const string GateRule = "early club at the main entrance";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private AdminSite _site = null!;
    private SyntheticStudent _pupil = null!;
    private SyntheticStudent _newcomer = null!;
    private SyntheticStudent _otherSchoolPupil = null!;
    private PurposeGrant _gate = null!;
    private DateTimeOffset _now;

    public async Task InitializeAsync()
    {
        var bySchool = SyntheticRoster.Generate(40).GroupBy(s => s.School).ToList();
        _pupil = bySchool[0].First();
        _newcomer = bySchool[0].Skip(1).First();
        _otherSchoolPupil = bySchool[1].First();
        _site = await AdminSite.StartAsync([.. SchoolSettings.Arguments, $"--Access:Sites:0:School={_pupil.School}", $"--Access:Sites:1:School={_otherSchoolPupil.School}"]);
        _now = DateTimeOffset.UtcNow;
        _gate = new PurposeGrant(ReaderType.Gate, _now.AddDays(-1), _now.AddDays(30), "north/main", "pupils");
        await _site.Central.Enrollment.EnrollManyAsync([Roster.Enrollee(_pupil, _site.Central.Keys), Roster.Enrollee(_otherSchoolPupil, _site.Central.Keys)]);
        // Their rights come from access rules, as a school gives them.
        var rules = _site.Central.Services.GetRequiredService<RuleService>();
        var office = RuleEditor.System("office");
        await rules.CreateAsync(office, new RuleDraft(_pupil.School, ReaderType.Gate, GateRule, RulePopulation.Pupils, null, _gate.Places, _gate.Schedule,
            _gate.ValidFrom, _gate.ValidUntil, [_pupil.StudentNumber]), "early club");
        var bus = Roster.Valid(ReaderType.Bus);
        await rules.CreateAsync(office, new RuleDraft(_pupil.School, ReaderType.Bus, "bus riders", RulePopulation.Pupils, null, null, null,
            bus.ValidFrom, bus.ValidUntil, [_pupil.StudentNumber]), "rides the bus");
        var other = Roster.Valid(ReaderType.Gate);
        await rules.CreateAsync(office, new RuleDraft(_otherSchoolPupil.School, ReaderType.Gate, "whole school", RulePopulation.School, null, null, null,
            other.ValidFrom, other.ValidUntil), "school gate");
        Assert.True((await _site.Central.Services.GetRequiredService<RosterImport>().CommitAsync(RosterSource.FromTexts(SyntheticOneRoster.Of([_newcomer]).Files()))).Committed);
        await _site.Central.RegisterAsync("gate-north", ReaderType.Gate);
        await _site.Central.RegisterAsync("gate-west", ReaderType.Gate);
        await _site.IngestAsync(ReaderType.Gate, "gate-north",
            (Gate(_pupil), 1, "north/main", "in", "deny", "outside_schedule", _now.AddHours(-3)),
            (Gate(_pupil), 1, "north/main", "in", "allow", "none", _now.AddHours(-2)));
        // At the other school's site: not this admin's to see.
        await _site.IngestAsync(ReaderType.Gate, "gate-west", (Gate(_pupil), 1, "west/hall", "in", "deny", "not_eligible_here", _now.AddHours(-1)));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private string Gate(SyntheticStudent pupil)
    {
        var ring = _site.Central.Services.GetRequiredService<CentralKeys>().Ring;
        return PseudonymDeriver.Pseudonym(Roster.Token(pupil, ring), ReaderType.Gate, ring.Current(ReaderType.Gate)).Value;
    }

    private static string Local(DateTimeOffset at, string format = "yyyy-MM-dd HH:mm") => TimeZoneInfo.ConvertTime(at, Paris).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<AdminClient> SignedInAsync(StaffRole role, string? school = null)
    {
        var user = $"user-{role}".ToLowerInvariant();
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private Task<AdminClient> SchoolAdminAsync() => SignedInAsync(StaffRole.SchoolAdmin, _pupil.School);

    private static async Task<string> PostAsync(AdminClient client, string handler, IDictionary<string, string> fields)
    {
        var response = await client.PostFormAsync("/Pupils", fields, handler: handler);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<string> SearchAsync(AdminClient client, string query, string reason = Reason) =>
        PostAsync(client, "Search", new Dictionary<string, string> { ["Query"] = query, ["Reason"] = reason });

    private static Task<string> ViewAsync(AdminClient client, string number, string reason = Reason) =>
        PostAsync(client, "View", new Dictionary<string, string> { ["Number"] = number, ["Reason"] = reason });

    private static Task<HttpResponseMessage> ApiAsync(AdminClient client, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });

    private async Task<List<Central.Audit.AuditEntry>> EntriesAsync() =>
        (await _site.AuditAsync()).Where(e => e.Action is PupilDirectory.SearchAction or PupilDirectory.ViewAction).ToList();

    private async Task<long> IdOfAsync(SyntheticStudent pupil)
    {
        await using var vault = _site.Central.VaultDb();
        return await vault.Students.Where(s => s.StudentNumber == pupil.StudentNumber).Select(s => s.Id).SingleAsync();
    }

    [Fact]
    public async Task A_pupil_is_found_by_name_or_number_and_the_search_is_audited_without_the_query()
    {
        using var client = await SchoolAdminAsync();

        var byName = await SearchAsync(client, _pupil.FamilyName.ToUpperInvariant());
        var byNumber = await SearchAsync(client, _pupil.StudentNumber);

        foreach (var page in new[] { byName, byNumber })
        {
            Assert.Contains($"<td>{_pupil.StudentNumber}</td>", page);
            Assert.Contains($"{_pupil.FamilyName}, {_pupil.GivenName}", page);
            Assert.DoesNotContain(_otherSchoolPupil.StudentNumber, page);
        }
        var entries = await EntriesAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("user-schooladmin", PupilDirectory.SearchAction), (e.Actor, e.Action)));
        Assert.Contains($"{await IdOfAsync(_pupil)}", entries[1].Subject);
        Assert.All(entries, e => Assert.StartsWith(Reason, e.Reason, StringComparison.Ordinal));
        foreach (var personal in new[] { _pupil.GivenName, _pupil.FamilyName, _pupil.FamilyName.ToUpperInvariant(), _pupil.StudentNumber })
        {
            Assert.All(entries, e => Assert.DoesNotContain(personal, e.Subject + e.Reason, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_pupils_page_shows_rights_cards_and_refusals_at_the_schools_gates_in_the_sites_time()
    {
        using var client = await SchoolAdminAsync();

        var page = await ViewAsync(client, _pupil.StudentNumber);

        Assert.Contains($"{_pupil.GivenName} {_pupil.FamilyName}", page);
        Assert.Contains("Times are in Europe/Paris", page);
        var rights = Table(page, "pupil-rights");
        Assert.Equal(2, rights.Count);
        Assert.Equal(["gate", "north/main", "pupils", Local(_gate.ValidFrom), Local(_gate.ValidUntil), GateRule], Cells(rights[0]));
        Assert.Equal(["bus", "everywhere", "any time"], Cells(rights[1]).Take(3));
        var cards = Table(page, "pupil-cards");
        Assert.Equal("Issued", Cells(Assert.Single(cards))[1]);
        var refusals = Table(page, "pupil-refusals");
        Assert.Equal([Local(_now.AddHours(-3), "yyyy-MM-dd HH:mm:ss"), "gate-north", "north/main", "outside_schedule"], Cells(Assert.Single(refusals)));
        Assert.DoesNotContain("west/hall", page);
        Assert.DoesNotContain(Gate(_pupil), page);
        Assert.DoesNotContain("data-testid=\"pupil-no-rights\"", page);

        var entry = Assert.Single(await EntriesAsync());
        Assert.Equal((PupilDirectory.ViewAction, $"vault student {await IdOfAsync(_pupil)}"), (entry.Action, entry.Subject));
        Assert.StartsWith(Reason, entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pupil_imported_without_rights_is_shown_with_none_and_told_so()
    {
        using var client = await SchoolAdminAsync();

        var page = await ViewAsync(client, _newcomer.StudentNumber);

        Assert.Contains("This pupil has no rights: no gate, bus or library opens for their card.", page);
        Assert.Contains("No rights.", page);
        Assert.Contains("No cards yet.", page);
    }

    [Fact]
    public async Task Another_schools_pupil_is_neither_found_nor_shown_on_the_page_or_the_api()
    {
        using var client = await SchoolAdminAsync();

        var search = await SearchAsync(client, _otherSchoolPupil.FamilyName);
        var page = await ViewAsync(client, _otherSchoolPupil.StudentNumber);
        var apiSearch = await ApiAsync(client, "/api/pupils/search", new { query = _otherSchoolPupil.StudentNumber, reason = Reason });
        var apiView = await ApiAsync(client, "/api/pupils/view", new { studentNumber = _otherSchoolPupil.StudentNumber, reason = Reason });

        Assert.DoesNotContain(_otherSchoolPupil.StudentNumber, search);
        Assert.Contains(PupilsApi.NotFound, page);
        Assert.DoesNotContain(_otherSchoolPupil.GivenName, page);
        Assert.Equal(HttpStatusCode.OK, apiSearch.StatusCode);
        Assert.Equal(0, (await apiSearch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, apiView.StatusCode);
        Assert.DoesNotContain(_otherSchoolPupil.GivenName, await apiView.Content.ReadAsStringAsync());
        var other = $"{await IdOfAsync(_otherSchoolPupil)}";
        Assert.All(await EntriesAsync(), e => Assert.DoesNotContain(other, e.Subject.Replace("vault students ", "").Replace("vault student ", "").Split(", ")));
    }

    [Fact]
    public async Task The_api_answers_the_school_admin_as_the_page_does()
    {
        using var client = await SchoolAdminAsync();

        var search = await ApiAsync(client, "/api/pupils/search", new { query = _pupil.GivenName, reason = Reason });
        var view = await ApiAsync(client, "/api/pupils/view", new { studentNumber = _pupil.StudentNumber, reason = Reason });
        var noReason = await ApiAsync(client, "/api/pupils/view", new { studentNumber = _pupil.StudentNumber, reason = "why" });

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var items = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("studentNumber").GetString()).ToList();
        Assert.Contains(_pupil.StudentNumber, items);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        var json = await view.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Europe/Paris", json.GetProperty("timeZone").GetString());
        Assert.Equal(["gate", "bus"], json.GetProperty("rights").EnumerateArray().Select(r => r.GetProperty("purpose").GetString()));
        Assert.Equal(TimeZoneInfo.ConvertTime(_gate.ValidUntil, Paris).Offset, json.GetProperty("rights")[0].GetProperty("validUntil").GetDateTimeOffset().Offset);
        Assert.Equal("outside_schedule", json.GetProperty("recentRefusals").EnumerateArray().Single().GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(2, (await EntriesAsync()).Count);
    }

    [Fact]
    public async Task Without_a_reason_nothing_is_searched_shown_or_audited()
    {
        using var client = await SchoolAdminAsync();

        var search = await SearchAsync(client, _pupil.FamilyName, " ");
        var view = await ViewAsync(client, _pupil.StudentNumber, "why");

        Assert.Contains("State why you are looking up this pupil", search);
        Assert.DoesNotContain(_pupil.StudentNumber, search);
        Assert.DoesNotContain("data-testid=\"pupil-rights\"", view);
        Assert.Empty(await EntriesAsync());
    }

    [Theory]
    [InlineData(StaffRole.Librarian)]
    [InlineData(StaffRole.Dpo)]
    [InlineData(StaffRole.TransportAdmin)]
    [InlineData(StaffRole.Operator)]
    public async Task Only_school_admins_reach_the_pupils_page_and_api(StaffRole role)
    {
        using var client = await SignedInAsync(role);

        var menu = await client.TextAsync("/");
        var page = await client.GetAsync("/Pupils");
        var search = await ApiAsync(client, "/api/pupils/search", new { query = _pupil.FamilyName, reason = Reason });
        var view = await ApiAsync(client, "/api/pupils/view", new { studentNumber = _pupil.StudentNumber, reason = Reason });

        Assert.DoesNotContain("href=\"/Pupils\"", menu);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Denied", page.Headers.Location!.PathAndQuery);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (search.StatusCode, view.StatusCode));
        Assert.Empty(await EntriesAsync());
    }

    private static List<string> Table(string page, string testId)
    {
        var table = page.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(table >= 0, $"No {testId} table on the page.");
        var start = page.IndexOf("<tbody>", table, StringComparison.Ordinal);
        var end = page.IndexOf("</tbody>", start, StringComparison.Ordinal);
        return page[start..end].Split("<tr>").Skip(1).ToList();
    }

    private static List<string> Cells(string row) =>
        System.Text.RegularExpressions.Regex.Matches(row, "<td>(.*?)</td>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value.Trim())).ToList();
}
