using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.PupilPassages;
using StudentCard.Central.Keys;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// A school admin looks up a named pupil's passages by student number with a reason: found under both key versions of
/// a rotation, only at the school's own sites, audited without names; another school's pupil is "not found" like an
/// unknown number; no reason, no look-up and no audit entry.
/// </summary>
public sealed class PupilPassagesTests : IAsyncLifetime
{
    private const string Reason = "Guardian asks whether the pupil arrived this week";

    private AdminSite _site = null!;
    private SyntheticStudent _pupil = null!;
    private SyntheticStudent _otherSchoolPupil = null!;
    private DateTimeOffset _now;

    public async Task InitializeAsync()
    {
        var bySchool = SyntheticRoster.Generate(40).GroupBy(s => s.School).ToList();
        _pupil = bySchool[0].First();
        _otherSchoolPupil = bySchool[1].First();
        _site = await AdminSite.StartAsync([.. SchoolSettings.Arguments, $"--Access:Sites:0:School={_pupil.School}", $"--Access:Sites:1:School={_otherSchoolPupil.School}"]);
        await _site.Central.Services.EnrollAsync([_pupil, _otherSchoolPupil], Roster.Valid(ReaderType.Gate));
        await _site.Central.RegisterAsync("gate-north", ReaderType.Gate);
        await _site.Central.RegisterAsync("gate-west", ReaderType.Gate);
        _now = DateTimeOffset.UtcNow;

        // Before the rotation the pupil's card has its version 1 pseudonym, after it its version 2 one.
        await _site.IngestAsync(ReaderType.Gate, "gate-north",
            (Gate(_pupil, 1), 1, "north/main", "in", "allow", "none", _now.AddDays(-2)),
            (new string('e', 32), 1, "north/main", "in", "allow", "none", _now.AddDays(-2).AddMinutes(1)));
        await _site.Central.Services.GetRequiredService<KeyRotation>().BeginAsync(ReaderType.Gate);
        await _site.IngestAsync(ReaderType.Gate, "gate-north", (Gate(_pupil, 2), 2, "north/main", "out", "allow", "none", _now.AddHours(-3)));
        // The pupil at the other school's site, and the other school's pupil at it: neither is this admin's to see.
        await _site.IngestAsync(ReaderType.Gate, "gate-west",
            (Gate(_pupil, 2), 2, "west/hall", "in", "deny", "unknown_card", _now.AddHours(-2)),
            (Gate(_otherSchoolPupil, 2), 2, "west/hall", "in", "allow", "none", _now.AddHours(-1)));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private string Gate(SyntheticStudent pupil, int keyVersion)
    {
        var ring = _site.Central.Services.GetRequiredService<CentralKeys>().Ring;
        return PseudonymDeriver.Pseudonym(Roster.Token(pupil, ring), ReaderType.Gate, ring.Version(ReaderType.Gate, keyVersion)).Value;
    }

    private async Task<AdminClient> SchoolAdminAsync()
    {
        var password = await _site.AccountAsync("sam", StaffRole.SchoolAdmin, _pupil.School);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("sam", password)).StatusCode);
        return client;
    }

    private static async Task<string> LookUpAsync(AdminClient client, string number, string reason)
    {
        var response = await client.PostFormAsync("/PupilPassages", new Dictionary<string, string> { ["Number"] = number, ["Reason"] = reason });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<Central.Audit.AuditEntry>> LookUpsAsync() =>
        (await _site.AuditAsync()).Where(e => e.Action == PupilPassageLookup.AuditAction).ToList();

    [Fact]
    public async Task Without_a_reason_nothing_is_looked_up_or_audited()
    {
        using var client = await SchoolAdminAsync();
        foreach (var reason in new[] { "", "    ", "why" })
        {
            var page = await LookUpAsync(client, _pupil.StudentNumber, reason);
            Assert.Contains("State the reason for looking up this pupil&#x27;s passages", page);
            Assert.DoesNotContain("data-testid=\"pupil-passages\"", page);
            Assert.DoesNotContain("north/main", page);
        }
        Assert.Empty(await LookUpsAsync());
    }

    [Fact]
    public async Task The_pupils_passages_under_both_key_versions_at_the_schools_sites_are_listed_newest_first_and_audited_without_names()
    {
        using var client = await SchoolAdminAsync();
        var page = await LookUpAsync(client, _pupil.StudentNumber, Reason);

        var rows = Rows(page);
        Assert.Equal(2, rows.Count);
        Assert.Contains(_now.AddHours(-3).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), rows[0]);
        Assert.Contains("<td>out</td>", rows[0]);
        Assert.Contains("<td>2</td>", rows[0]);
        Assert.Contains(_now.AddDays(-2).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), rows[1]);
        Assert.Contains("<td>1</td>", rows[1]);
        Assert.DoesNotContain("west/hall", page);
        Assert.DoesNotContain(_pupil.FamilyName, page);
        Assert.DoesNotContain(Gate(_pupil, 1), page);

        var entry = Assert.Single(await LookUpsAsync());
        await using var vault = _site.Central.VaultDb();
        var id = await vault.Students.Where(s => s.StudentNumber == _pupil.StudentNumber).Select(s => s.Id).SingleAsync();
        Assert.Equal(("sam", $"vault student {id}"), (entry.Actor, entry.Subject));
        Assert.StartsWith(Reason, entry.Reason, StringComparison.Ordinal);
        foreach (var personal in new[] { _pupil.GivenName, _pupil.FamilyName, _pupil.StudentNumber, Gate(_pupil, 1), Gate(_pupil, 2) })
        {
            Assert.DoesNotContain(personal, entry.Subject + entry.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_schools_pupil_is_not_found_exactly_like_an_unknown_number()
    {
        using var client = await SchoolAdminAsync();
        var otherSchool = await LookUpAsync(client, _otherSchoolPupil.StudentNumber, Reason);
        var unknown = await LookUpAsync(client, "S999999", Reason);

        Assert.Contains("No pupil with this student number at your school.", otherSchool);
        Assert.Equal(Answer(unknown), Answer(otherSchool));
        Assert.DoesNotContain("data-testid=\"pupil-passages\"", otherSchool);
        Assert.DoesNotContain(_otherSchoolPupil.ClassName + "</h2>", otherSchool);

        var entries = await LookUpsAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(PupilPassageLookup.NotFoundSubject, e.Subject));
        Assert.Equal(entries[0].Reason, entries[1].Reason);
    }

    [Fact]
    public async Task The_menu_offers_the_look_up_to_school_admins_only()
    {
        using var admin = await SchoolAdminAsync();
        Assert.Contains("href=\"/PupilPassages\"", await admin.TextAsync("/"));

        foreach (var role in new[] { StaffRole.TransportAdmin, StaffRole.Librarian, StaffRole.Dpo, StaffRole.Operator })
        {
            var user = $"user-{role}".ToLowerInvariant();
            var password = await _site.AccountAsync(user, role);
            using var client = _site.Client();
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
            Assert.DoesNotContain("href=\"/PupilPassages\"", await client.TextAsync("/"));
            var denied = await client.GetAsync("/PupilPassages");
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/Account/Denied", denied.Headers.Location!.PathAndQuery);
        }
    }

    private static List<string> Rows(string page)
    {
        var start = page.IndexOf("<tbody>", StringComparison.Ordinal);
        var end = page.IndexOf("</tbody>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "No passage table on the page.");
        return page[start..end].Split("<tr>").Skip(1).ToList();
    }

    /// <summary>The page after its form: what the look-up answered, without the anti-forgery token that differs per page.</summary>
    private static string Answer(string page)
    {
        var form = page.IndexOf("</form>", page.IndexOf("Show passages", StringComparison.Ordinal), StringComparison.Ordinal);
        return page[form..];
    }
}
